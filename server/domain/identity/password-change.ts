import type { PasswordRequest } from '../../../contract/api/identity';
import { ServiceError } from '../errors';
import { normalisePassword, passwordWeaknesses, type PasswordContext } from './password-rules';

/** The checks of a new password and its confirmation, in the spec's order. */
export function checkNewPassword(req: PasswordRequest, ctx: PasswordContext): void {
  if (normalisePassword(req.password) !== normalisePassword(req.passwordConfirmation)) {
    throw new ServiceError('password_mismatch', 'The confirmation differs from the password.');
  }
  const reasons = passwordWeaknesses(req.password, ctx);
  if (reasons.length > 0) {
    throw new ServiceError('password_weak', 'Choose another password.', { reasons });
  }
}
