import type { Kysely, Selectable } from 'kysely';
import type { Database, FlowKind, FlowState, FlowsTable } from '../../store/schema';
import { ServiceError } from '../errors';

export type Flow = Selectable<FlowsTable>;

/** A flow lives 30 minutes from its start (api-v1.md). */
export const FLOW_LIFETIME_MS = 30 * 60 * 1000;

/** Why a step was refused, read from the flow as it is now. */
export function stepRefusal(flow: Flow | undefined, now: number, accepted: readonly FlowState[]): ServiceError {
  if (!flow) return new ServiceError('not_found', 'No such flow.');
  if (flow.expires_at <= now) return new ServiceError('flow_expired', 'This flow has expired; start again.');
  if (!accepted.includes(flow.state)) {
    return new ServiceError('flow_step_invalid', 'This step is not expected now.', { expected: flow.state });
  }
  // The flow was in the right state when read but another request moved it first.
  return new ServiceError('flow_step_invalid', 'This step was already taken.', { expected: flow.state });
}

export async function loadFlow(db: Kysely<Database>, id: string, kind: FlowKind): Promise<Flow | undefined> {
  return db.selectFrom('flows').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

/** Loads a flow that must be live and in one of `accepted`, or throws the spec's error. */
export async function requireStep(
  db: Kysely<Database>,
  id: string,
  kind: FlowKind,
  now: number,
  accepted: readonly FlowState[],
): Promise<Flow> {
  const flow = await loadFlow(db, id, kind);
  if (!flow || flow.expires_at <= now || !accepted.includes(flow.state)) {
    throw stepRefusal(flow, now, accepted);
  }
  return flow;
}

/**
 * Moves a flow from `from` to `to` in one statement; only one of several racing
 * requests can win. Throws the spec's error for the others.
 */
/** The code sent for this flow did not leave: the person may ask for a new one now, not when it expires. */
export async function allowResendNow(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.updateTable('flows').set({ resend_at: now }).where('id', '=', id).where('resend_at', '>', now).execute();
}

export async function advance(
  db: Kysely<Database>,
  id: string,
  kind: FlowKind,
  now: number,
  from: FlowState,
  to: FlowState,
  set: Partial<Pick<Flow, 'username' | 'eula_version'>> = {},
): Promise<void> {
  const moved = await db
    .updateTable('flows')
    .set({ ...set, state: to })
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where('state', '=', from)
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  if (!moved) throw stepRefusal(await loadFlow(db, id, kind), now, [from]);
}
