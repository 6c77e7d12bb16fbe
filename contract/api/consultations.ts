import { z } from 'zod';
import { InstantSchema, PolicyNumberSchema, ResourceIdSchema } from './common';

/** Teleconsultation (teleconsultation.md): consultations, their messages, and the doctors' side. */
export const ConsultationStatusSchema = z.enum(['waiting', 'active', 'closed', 'cancelled', 'expired']);
export type ConsultationStatus = z.infer<typeof ConsultationStatusSchema>;

export const ConsultationSchema = z.object({
  consultationId: ResourceIdSchema,
  number: z.string(),
  policyNumber: z.string(),
  person: z.object({ personId: ResourceIdSchema, fullName: z.string() }),
  topic: z.string(),
  symptoms: z.string(),
  status: ConsultationStatusSchema,
  queuePosition: z.number().int().positive().optional(),
  estimatedWaitMinutes: z.number().int().nonnegative().optional(),
  doctor: z.object({ name: z.string(), licenseNumber: z.string() }).optional(),
  createdAt: InstantSchema,
  startedAt: InstantSchema.optional(),
  closedAt: InstantSchema.optional(),
  summary: z
    .object({ text: z.string(), advice: z.string(), followUp: z.string(), documentId: ResourceIdSchema })
    .optional(),
  /** Extension: the newest message's `seq` (0 with none), so a client knows what it lacks. */
  lastSeq: z.number().int().nonnegative(),
});
export type Consultation = z.infer<typeof ConsultationSchema>;

export const ConsultationCreateSchema = z.strictObject({
  policyNumber: PolicyNumberSchema,
  personId: ResourceIdSchema,
  topic: z.string().trim().min(2).max(200),
  symptoms: z.string().trim().min(2).max(2000),
});
export type ConsultationCreate = z.output<typeof ConsultationCreateSchema>;

export const ConsultationIdParamsSchema = z.strictObject({ consultationId: ResourceIdSchema });
export const ConsultationListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/u, 'cursor')
    .optional(),
});
export const ConsultationListSchema = z.object({
  consultations: z.array(ConsultationSchema),
  nextCursor: z.string().optional(),
});

export const MessageSenderSchema = z.enum(['customer', 'doctor', 'system']);
export const ConsultationMessageSchema = z.object({
  messageId: ResourceIdSchema,
  seq: z.number().int().positive(),
  from: MessageSenderSchema,
  text: z.string().optional(),
  file: z
    .object({ fileId: ResourceIdSchema, contentType: z.string(), sizeBytes: z.number().int().nonnegative() })
    .optional(),
  sentAt: InstantSchema,
  readAt: InstantSchema.optional(),
  /** Extension: the sender's own id for it, so the sender can match its unsent copy. */
  clientMessageId: z.string().optional(),
});
export type ConsultationMessage = z.infer<typeof ConsultationMessageSchema>;

/** Messages after `after` (a seq), at most `limit` (api-v1.md, Paging: at most 100); fewer than asked: the last page. */
export const MessagesQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});
export const MessageListSchema = z.object({ messages: z.array(ConsultationMessageSchema) });

export const SendMessageSchema = z.strictObject({
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/u, 'client message id'),
  text: z.string().trim().min(1).max(4000),
});
export const MarkReadSchema = z.strictObject({ upToSeq: z.number().int().positive() });

export const CloseConsultationSchema = z.strictObject({
  summary: z.string().trim().min(2).max(4000),
  advice: z.string().trim().max(4000).default(''),
  followUp: z.string().trim().max(1000).default(''),
});
export type CloseConsultation = z.output<typeof CloseConsultationSchema>;

/* ---------- doctors ---------- */

export const DoctorLoginSchema = z.strictObject({
  username: z.string().trim().min(3).max(64),
  password: z.string().min(1).max(128),
});
export const DoctorLoginStartedSchema = z.object({
  flowId: z.string(),
  destination: z.string(),
  expiresAt: InstantSchema,
});
export const DoctorVerifySchema = z.strictObject({
  flowId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/u, 'flow id'),
  code: z.string().regex(/^\d{6}$/u, '6 digits'),
});
export const DoctorSessionSchema = z.object({
  token: z.string(),
  expiresAt: InstantSchema,
  doctor: z.object({ name: z.string(), licenseNumber: z.string() }),
});

/** A waiting consultation as the doctors' queue shows it. */
export const QueueEntrySchema = ConsultationSchema.pick({
  consultationId: true,
  number: true,
  topic: true,
  symptoms: true,
  createdAt: true,
  queuePosition: true,
}).extend({ person: z.object({ fullName: z.string(), age: z.number().int().nonnegative() }) });
export const QueueSchema = z.object({ queue: z.array(QueueEntrySchema) });

/* ---------- events (api-v1.md, Shared: consultation.*) ---------- */

export const ConsultationMessageEventSchema = z.object({
  consultationId: ResourceIdSchema,
  message: ConsultationMessageSchema,
});
export const ConsultationStatusEventSchema = z.object({
  consultationId: ResourceIdSchema,
  status: ConsultationStatusSchema,
  queuePosition: z.number().int().positive().optional(),
});
export const ConsultationTypingEventSchema = z.object({ consultationId: ResourceIdSchema, from: MessageSenderSchema });
export const ConsultationReadEventSchema = z.object({
  consultationId: ResourceIdSchema,
  from: MessageSenderSchema,
  upToSeq: z.number().int().positive(),
});
