import { z } from 'zod';
import {
  InstantSchema,
  IsoDateSchema,
  LanguageSchema,
  PolicyNumberSchema,
  PolicyTypeSchema,
  ResourceIdSchema,
} from './common';

/* ---------- shared pieces ---------- */

/** Flow ids are unguessable capabilities: 22+ url-safe characters. */
export const FlowIdParamsSchema = z.strictObject({
  flowId: ResourceIdSchema,
});

export const OtpChannelSchema = z.enum(['sms', 'email']);
export type OtpChannel = z.infer<typeof OtpChannelSchema>;

export const ChannelOptionSchema = z.object({ channel: OtpChannelSchema, destination: z.string() });
export type ChannelOption = z.infer<typeof ChannelOptionSchema>;

export const EulaSchema = z.object({ version: z.string(), title: z.string(), text: z.string() });
export type Eula = z.infer<typeof EulaSchema>;

// No control characters: a NUL cannot even be stored in PostgreSQL's text.
export const UsernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^\P{Cc}+$/u, 'no control characters');

/** Long enough for any allowed password; the length rule itself answers `password_weak`. */
const PasswordInputSchema = z.string().max(1024);

export const PasswordRequestSchema = z.strictObject({
  password: PasswordInputSchema,
  passwordConfirmation: PasswordInputSchema,
});
export type PasswordRequest = z.infer<typeof PasswordRequestSchema>;

export const OtpRequestSchema = z.strictObject({ channel: OtpChannelSchema });
export const OtpVerifyRequestSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/u, 'six digits'),
});

export const OtpSentSchema = z.object({
  step: z.literal('otp'),
  channel: OtpChannelSchema,
  destination: z.string(),
  expiresAt: InstantSchema,
  resendAvailableAt: InstantSchema,
});
export type OtpSent = z.infer<typeof OtpSentSchema>;

/* ---------- registration ---------- */

export const EmailSchema = z.string().trim().max(254).pipe(z.email());
/** Digits with an optional leading +, and the usual separators; the service normalises to E.164. */
export const PhoneSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+?[0-9][0-9 ()-]{5,}$/u, 'phone number');

export const RegistrationStartRequestSchema = z
  .strictObject({
    policyType: PolicyTypeSchema,
    policyNumber: PolicyNumberSchema,
    memberNumber: z.string().trim().min(1).max(32).optional(),
    dateOfBirth: IsoDateSchema,
    email: EmailSchema,
    phone: PhoneSchema,
  })
  .refine((r) => r.policyType !== 'group' || r.memberNumber !== undefined, {
    path: ['memberNumber'],
    message: 'a group policy needs the member number',
  });
export type RegistrationStartRequest = z.infer<typeof RegistrationStartRequestSchema>;

export const RegistrationStartedSchema = z.object({
  flowId: z.string(),
  step: z.literal('eula'),
  eula: EulaSchema,
});

export const EulaAcceptRequestSchema = z.strictObject({ version: z.string().min(1).max(64) });

export const ChannelsSchema = z.object({
  step: z.literal('otp_channel'),
  channels: z.array(ChannelOptionSchema),
});

export const RegistrationOtpVerifiedSchema = z.object({ step: z.literal('password'), username: z.string() });
export const RegistrationDoneSchema = z.object({ step: z.literal('done'), username: z.string() });

/* ---------- recovery ---------- */

export const RecoveryStartRequestSchema = z.strictObject({ username: UsernameSchema });
export const RecoveryStartedSchema = z.object({
  flowId: z.string(),
  step: z.literal('otp_channel'),
  channels: z.array(ChannelOptionSchema),
});
export const RecoveryOtpVerifiedSchema = z.object({ step: z.literal('password') });
export const RecoveryDoneSchema = z.object({ step: z.literal('done') });

/* ---------- sessions ---------- */

export const DeviceKindSchema = z.enum(['personal', 'kiosk']);
export type DeviceKind = z.infer<typeof DeviceKindSchema>;

export const LoginRequestSchema = z.strictObject({
  username: UsernameSchema,
  password: z.string().min(1).max(1024),
  device: z.strictObject({ kind: DeviceKindSchema, name: z.string().trim().min(1).max(100) }),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const NoticeSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('username_changed'), newUsername: z.string() }),
]);
export type Notice = z.infer<typeof NoticeSchema>;

export const SessionUserSchema = z.object({ username: z.string(), fullName: z.string() });
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const SessionSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: InstantSchema,
  refreshToken: z.string().optional(),
  refreshTokenExpiresAt: InstantSchema.optional(),
  user: SessionUserSchema,
  notices: z.array(NoticeSchema),
});
export type Session = z.infer<typeof SessionSchema>;

export const RefreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(512) });

/** Which channels carry news besides Kotak Masuk (security notices go out whatever they say). */
export const NotificationChoicesSchema = z.object({ email: z.boolean(), sms: z.boolean() });

export const MeSchema = z.object({
  username: z.string(),
  fullName: z.string(),
  language: LanguageSchema,
  email: z.string(),
  phone: z.string(),
  notifications: NotificationChoicesSchema,
});
export type Me = z.infer<typeof MeSchema>;
export const MePatchSchema = z.strictObject({
  language: LanguageSchema.optional(),
  notifications: z.strictObject({ email: z.boolean().optional(), sms: z.boolean().optional() }).optional(),
});
export type MePatch = z.infer<typeof MePatchSchema>;

/* ---------- development outbox ---------- */

export const OutboxQuerySchema = z.strictObject({ to: z.string().min(1).max(254) });
export const OutboxMessageSchema = z.object({
  channel: OtpChannelSchema,
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  code: z.string().nullable(),
  sentAt: InstantSchema,
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;
export const OutboxSchema = z.object({ messages: z.array(OutboxMessageSchema) });

/** Development mode: the service's clock moved forward by hand (payments.md, Trying time by hand). */
export const DevClockChangeSchema = z.union([
  // At most ten years at a time; a fraction of a day moves by hours.
  z.strictObject({ advanceDays: z.number().positive().max(3650) }),
  z.strictObject({ reset: z.literal(true) }),
]);
export type DevClockChange = z.infer<typeof DevClockChangeSchema>;
export const DevClockSchema = z.object({ now: InstantSchema, offsetDays: z.number() });
