import { serviceErrorStatus, type ServiceErrorCode } from '../../contract/errors';

/** A failure the client is told about: a code from the contract's closed list. */
export class ServiceError extends Error {
  readonly status: number;
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = serviceErrorStatus[code];
  }

  /** 429 answers carry the wait both as a header and in the details. */
  get retryAfterSeconds(): number | undefined {
    const v = this.details?.retryAfterSeconds;
    return typeof v === 'number' ? v : undefined;
  }
}

export function tooMany(
  code: 'rate_limited' | 'otp_resend_too_early' | 'otp_attempts_exceeded' | 'otp_rate_limited' | 'account_locked',
  message: string,
  retryAfterMs: number,
  extra: Record<string, unknown> = {},
): ServiceError {
  return new ServiceError(code, message, { ...extra, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}

/** 422 `validation_failed`: a well-formed request that breaks business rules, each named (api-v1.md). */
export function brokenRules(rules: string[], extra: Record<string, unknown> = {}): ServiceError {
  return new ServiceError('validation_failed', `The request breaks ${rules.length} rule(s).`, { rules, ...extra });
}
