import { ipcContract, type IpcMethod, type PortalResult } from '../../../contract/ipc';
import { PortalFailure } from './portal-error';
import type { PortalMethods } from './portal';

export type Handler = (input: unknown) => Promise<PortalResult<unknown>>;
export type HandlerTable = Record<IpcMethod, Handler>;

/**
 * One handler per method of the contract: the input is checked against its schema,
 * and every outcome becomes `{ok, value}` or `{ok: false, error: {code, details}}`.
 * Nothing throws across the bridge, and no stack leaves the main process.
 */
export function createHandlerTable(
  portal: PortalMethods,
  onFault: (method: string, err: unknown) => void,
): HandlerTable {
  const table = {} as HandlerTable;
  for (const method of Object.keys(ipcContract) as IpcMethod[]) {
    const { input: inputSchema } = ipcContract[method];
    table[method] = async (input) => {
      const parsed = inputSchema.safeParse(input);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(input)'))];
        return { ok: false, error: { code: 'invalid_input', details: { fields } } };
      }
      try {
        const value = await (portal[method] as (i: unknown) => Promise<unknown>)(parsed.data);
        return { ok: true, value };
      } catch (err) {
        if (err instanceof PortalFailure) {
          return { ok: false, error: { code: err.code, ...(err.details ? { details: err.details } : {}) } };
        }
        onFault(method, err);
        return { ok: false, error: { code: 'internal' } };
      }
    };
  }
  return table;
}
