import { z } from 'zod';
import { InstantSchema, ResourceIdSchema } from './common';
import { DeviceKindSchema, OtpChannelSchema } from './identity';

/* Akun Saya (account-inbox.md): step-up, password, sessions and devices, recent sign-ins. */

export const StepUpRequestSchema = z.strictObject({ password: z.string().min(1).max(1024) });
export const StepUpSchema = z.object({ stepUpExpiresAt: InstantSchema });

export const PasswordChangeRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
  newPasswordConfirmation: z.string().min(1).max(1024),
  endOtherSessions: z.boolean(),
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequestSchema>;

export const AccountSessionSchema = z.object({
  sessionId: ResourceIdSchema,
  deviceKind: DeviceKindSchema,
  deviceName: z.string(),
  createdAt: InstantSchema,
  lastActiveAt: InstantSchema,
  address: z.string(),
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof AccountSessionSchema>;
export const AccountSessionsSchema = z.object({ sessions: z.array(AccountSessionSchema) });
export const SessionIdParamsSchema = z.strictObject({ sessionId: ResourceIdSchema });

export const SignInResultSchema = z.enum(['ok', 'wrong_password', 'locked']);
export const SignInSchema = z.object({
  at: InstantSchema,
  result: SignInResultSchema,
  deviceKind: DeviceKindSchema,
  deviceName: z.string(),
  address: z.string(),
});
export type SignIn = z.infer<typeof SignInSchema>;
export const SignInsSchema = z.object({ signIns: z.array(SignInSchema), nextCursor: z.string().optional() });

export const ContactChangeRequestSchema = z.strictObject({
  channel: OtpChannelSchema,
  value: z.string().trim().min(3).max(254),
});
export const ContactChangeStartedSchema = z.object({
  destination: z.string(),
  expiresAt: InstantSchema,
  resendAvailableAt: InstantSchema,
});
export const ContactChangeVerifySchema = z.strictObject({ code: z.string().regex(/^\d{6}$/u, 'six digits') });
