import type { FastifyRequest } from 'fastify';
import type { AccessAction, AccessSubjectKind } from '../../contract/api/privacy';
import type { AccessLog } from '../domain/privacy/access-log';

/**
 * Records a back-office call on a person's data under the key's name and the reason its
 * `X-Reason` gave (the route's headers schema has refused a call without one). Called after the
 * read or move succeeded and before it is answered: a read whose record failed is not answered.
 */
export function recordAccess(
  log: AccessLog,
  req: FastifyRequest,
  action: AccessAction,
  kind: AccessSubjectKind,
  ids: readonly string[],
): Promise<void> {
  const reason = (req.headers as { 'x-reason'?: string })['x-reason'] ?? '';
  return log.record({ keyName: req.adminName ?? 'unknown', reason }, action, kind, ids);
}
