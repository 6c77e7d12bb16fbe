import { z } from 'zod';

/**
 * The closed list of the service's error codes (api-v1.md), with the HTTP status
 * each one travels with. The app has a translated message for every one.
 */
export const serviceErrorStatus = {
  invalid_request: 400,
  policy_data_mismatch: 400,
  otp_invalid: 400,
  password_weak: 400,
  password_mismatch: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  session_revoked: 401,
  step_up_required: 403,
  not_found: 404,
  account_exists: 409,
  flow_step_invalid: 409,
  transition_invalid: 409,
  conflict: 409,
  flow_expired: 410,
  otp_expired: 410,
  payload_too_large: 413,
  file_too_large: 413,
  file_type_refused: 415,
  range_not_satisfiable: 416,
  file_infected: 422,
  validation_failed: 422,
  account_locked: 423,
  rate_limited: 429,
  otp_resend_too_early: 429,
  otp_attempts_exceeded: 429,
  otp_rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ServiceErrorCode = keyof typeof serviceErrorStatus;

export const serviceErrorCodes = Object.keys(serviceErrorStatus) as [ServiceErrorCode, ...ServiceErrorCode[]];

export const ServiceErrorCodeSchema = z.enum(serviceErrorCodes);

/** The one error shape of every failed HTTP call. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: ServiceErrorCodeSchema,
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Why a password was refused (`details.reasons` of `password_weak`). */
export const PasswordWeakReasonSchema = z.enum([
  'too_short',
  'too_long',
  'common',
  'contains_username',
  'contains_policy_number',
  'contains_date_of_birth',
]);
export type PasswordWeakReason = z.infer<typeof PasswordWeakReasonSchema>;
