import type { PortalErrorCode } from '../../../contract/ipc';

/** A failure the renderer is told about by code; never a stack. */
export class PortalFailure extends Error {
  constructor(
    readonly code: PortalErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}
