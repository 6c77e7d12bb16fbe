import { z } from 'zod';
import { InstantSchema, ResourceIdSchema } from './common';

/** The names of the events on `GET /v1/events` (api-v1.md, "Shared by the service areas"). */
export const EventNameSchema = z.enum([
  'inbox.message',
  'claim.updated',
  'payment.updated',
  'request.updated',
  'consultation.message',
  'consultation.status',
  'consultation.typing',
  'consultation.read',
  'complaint.updated',
]);
export type EventName = z.infer<typeof EventNameSchema>;

/** `Last-Event-ID`: the id of the last event the client has, a positive integer. */
export const LastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/u, 'event id')
  .transform(Number);

// --- Inbox (account-inbox.md) --------------------------------------------------------------

export const InboxCategorySchema = z.enum([
  'claim',
  'payment',
  'request',
  'consultation',
  'policy',
  'security',
  'complaint',
  'marketing',
]);
export type InboxCategory = z.infer<typeof InboxCategorySchema>;

export const InboxLinkSchema = z.object({
  kind: z.enum(['claim', 'payment', 'bill', 'request', 'consultation', 'document', 'complaint']),
  id: z.string(),
});
export type InboxLink = z.infer<typeof InboxLinkSchema>;

export const InboxMessageSchema = z.object({
  messageId: ResourceIdSchema,
  category: InboxCategorySchema,
  title: z.string(),
  body: z.string(),
  link: InboxLinkSchema.optional(),
  createdAt: InstantSchema,
  readAt: InstantSchema.optional(),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

/** Paging (api-v1.md): `limit` 1–100, default 20; `cursor` as answered before. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/u, 'cursor')
    .optional(),
});

export const InboxQuerySchema = PageQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional(),
});

export const InboxListSchema = z.object({
  messages: z.array(InboxMessageSchema),
  unreadCount: z.number().int().nonnegative(),
  nextCursor: z.string().optional(),
});
export type InboxList = z.infer<typeof InboxListSchema>;

export const MessageIdParamsSchema = z.strictObject({ messageId: ResourceIdSchema });

/** The data of an `inbox.message` event. */
export const InboxMessageEventSchema = z.object({ message: InboxMessageSchema, unreadCount: z.number().int() });
export type InboxMessageEvent = z.infer<typeof InboxMessageEventSchema>;
