import crypto from 'node:crypto';
import { z } from 'zod';
import {
  ConsultationListSchema,
  ConsultationMessageSchema,
  ConsultationSchema,
  MessageListSchema,
  type ConsultationMessage,
} from '../../../contract/api/consultations';
import { CLAIM_FILE_MAX_BYTES } from '../../../contract/api/claims';
import { queryString, type ApiClient } from './api-client';
import type { PortalMethods } from './portal';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';

/** The most messages one read asks for (api-v1.md, Paging). */
const MESSAGES_PAGE = 100;

export interface ConsultMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
  /** A kiosk's wipe (and every sign-out) forgets what was not sent. */
  onForget: (forget: () => void) => void;
}

type ConsultMethods = Pick<PortalMethods, Extract<keyof PortalMethods, `consult.${string}`>>;
const id = (s: string) => encodeURIComponent(s);
// 204 No Content answers as an empty object.
const NoBody = z.object({});
/** While messages wait, they are tried again this often (and at once when the events stream is back). */
const RESEND_EVERY_MS = 5000;

interface Unsent {
  consultationId: string;
  clientMessageId: string;
  text: string;
}

/**
 * Telekonsultasi in `window.portal` (teleconsultation.md, The app). Every message gets its
 * client id here and is kept until the service has it: a message written while the network
 * is down is sent again (with the same id, so never twice) when the events stream is back,
 * or every few seconds. Nothing is kept on disk, and a sign-out forgets it.
 */
export function createConsultMethods(o: ConsultMethodsOptions): ConsultMethods & { resendUnsent(): Promise<void> } {
  const unsent = new Map<string, Unsent>();
  let timer: NodeJS.Timeout | null = null;
  o.onForget(() => unsent.clear());
  o.sessions.onSignedOut(() => unsent.clear());

  const post = (u: Unsent) =>
    o.sessions.authorized(
      async (token) =>
        (
          await o.api.call('POST', `/v1/consultations/${id(u.consultationId)}/messages`, ConsultationMessageSchema, {
            token,
            body: { clientMessageId: u.clientMessageId, text: u.text },
          })
        ).value,
    );

  async function resendUnsent(): Promise<void> {
    for (const u of [...unsent.values()]) {
      try {
        await post(u);
        unsent.delete(u.clientMessageId);
      } catch (err) {
        // Still no network: it waits. Refused for good (closed meanwhile): it is dropped.
        if (err instanceof PortalFailure && err.code === 'network_unavailable') break;
        unsent.delete(u.clientMessageId);
      }
    }
    schedule();
  }
  function schedule(): void {
    if (timer || unsent.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void resendUnsent();
    }, RESEND_EVERY_MS);
    timer.unref();
  }

  const consultation = (path: string, method: 'GET' | 'POST' = 'GET', body?: unknown) =>
    o.sessions.authorized(
      async (token) => (await o.api.call(method, path, ConsultationSchema, { token, ...(body ? { body } : {}) })).value,
    );

  return {
    resendUnsent,
    'consult.start': (body) => consultation('/v1/consultations', 'POST', body),
    'consult.cancel': ({ consultationId }) => consultation(`/v1/consultations/${id(consultationId)}/cancel`, 'POST'),
    'consult.list': (q) =>
      o.sessions.authorized(
        async (token) =>
          (await o.api.call('GET', `/v1/consultations${queryString(q)}`, ConsultationListSchema, { token })).value,
      ),
    'consult.get': ({ consultationId }) => consultation(`/v1/consultations/${id(consultationId)}`),
    'consult.messages': async ({ consultationId, after }) => {
      // Page by page (at most 100 each) from `after`, until a page comes back short.
      const messages: ConsultationMessage[] = [];
      for (let from = after ?? 0; ;) {
        const page = await o.sessions.authorized(
          async (token) =>
            (
              await o.api.call(
                'GET',
                `/v1/consultations/${id(consultationId)}/messages${queryString({ after: String(from), limit: String(MESSAGES_PAGE) })}`,
                MessageListSchema,
                { token },
              )
            ).value.messages,
        );
        messages.push(...page);
        if (page.length < MESSAGES_PAGE) break;
        from = page.at(-1)!.seq;
      }
      const waiting = [...unsent.values()].filter(
        (u) => u.consultationId === consultationId && !messages.some((m) => m.clientMessageId === u.clientMessageId),
      );
      return { messages, unsent: waiting.map((u) => ({ clientMessageId: u.clientMessageId, text: u.text })) };
    },
    'consult.send': async ({ consultationId, text }): Promise<ConsultationMessage> => {
      const u: Unsent = { consultationId, clientMessageId: crypto.randomUUID(), text };
      unsent.set(u.clientMessageId, u);
      try {
        const message = await post(u);
        unsent.delete(u.clientMessageId);
        return message;
      } catch (err) {
        // Only "no answer" keeps it: the service may have it, and the same id finds it again.
        if (err instanceof PortalFailure && err.code === 'network_unavailable') schedule();
        else unsent.delete(u.clientMessageId);
        throw err;
      }
    },
    'consult.sendImage': async ({ consultationId, contentType, bytes }) => {
      // Refused here before a byte is sent: the service would refuse it after the whole upload.
      if (bytes.byteLength > CLAIM_FILE_MAX_BYTES)
        throw new PortalFailure('file_too_large', { maxBytes: CLAIM_FILE_MAX_BYTES });
      const clientMessageId = crypto.randomUUID();
      const body = Buffer.from(bytes);
      return o.sessions.authorized((token) =>
        o.api.upload(
          `/v1/consultations/${id(consultationId)}/files`,
          token,
          body,
          { 'content-type': contentType, 'x-client-message-id': clientMessageId },
          ConsultationMessageSchema,
          () => {},
        ),
      );
    },
    'consult.openImage': async ({ consultationId, fileId }) => {
      const answer = await o.sessions.authorized((token) =>
        o.api.download(
          `/v1/consultations/${id(consultationId)}/files/${id(fileId)}`,
          token,
          undefined,
          () => {},
          'image/*',
        ),
      );
      if (answer.status !== 200) throw new PortalFailure('internal');
      const type = z.enum(['image/jpeg', 'image/png']).safeParse(answer.contentType.split(';')[0]);
      if (!type.success) throw new PortalFailure('internal', { reason: 'answer_schema' });
      const copy = new ArrayBuffer(answer.bytes.length);
      new Uint8Array(copy).set(answer.bytes);
      return { bytes: copy, contentType: type.data };
    },
    'consult.markRead': async ({ consultationId, upToSeq }) => {
      await o.sessions.authorized((token) =>
        o.api.call('POST', `/v1/consultations/${id(consultationId)}/read`, NoBody, { token, body: { upToSeq } }),
      );
      return {};
    },
    'consult.typing': async ({ consultationId }) => {
      await o.sessions.authorized((token) =>
        o.api.call('POST', `/v1/consultations/${id(consultationId)}/typing`, NoBody, { token, body: {} }),
      );
      return {};
    },
  };
}
