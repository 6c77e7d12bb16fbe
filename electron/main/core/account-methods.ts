import type { z } from 'zod';
import {
  AccountSessionsSchema,
  ContactChangeStartedSchema,
  SignInsSchema,
  StepUpSchema,
} from '../../../contract/api/account';
import { InboxListSchema } from '../../../contract/api/events';
import { MeSchema } from '../../../contract/api/identity';
import { msUntil, queryString, type ApiClient, type CallOptions, NoBody } from './api-client';
import type { PortalMethods } from './portal';
import type { SessionManager } from './session-manager';

export interface AccountMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
}

type AccountMethods = Pick<
  PortalMethods,
  | 'account.get'
  | 'account.update'
  | 'account.stepUp'
  | 'account.changePassword'
  | 'account.startContactChange'
  | 'account.verifyContactChange'
  | 'account.sessions'
  | 'account.endSession'
  | 'account.signIns'
  | 'inbox.list'
  | 'inbox.read'
  | 'inbox.readAll'
>;

/** Akun Saya and Kotak Masuk in `window.portal` (account-inbox.md). */
export function createAccountMethods(o: AccountMethodsOptions): AccountMethods {
  const call = async <S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    schema: S,
    options: CallOptions = {},
  ) => o.sessions.authorized((token) => o.api.call(method, path, schema, { ...options, token }));
  // The session the last list marked as this device's: ending it is a logout.
  let currentSessionId: string | null = null;

  return {
    'account.get': async () => (await call('GET', '/v1/me', MeSchema)).value,
    'account.update': async (patch) => (await call('PATCH', '/v1/me', MeSchema, { body: patch })).value,
    'account.stepUp': async ({ password }) => {
      const answer = await call('POST', '/v1/sessions/step-up', StepUpSchema, { body: { password } });
      return { expiresInMs: msUntil(answer.value.stepUpExpiresAt, answer) };
    },
    'account.changePassword': async (input) => {
      await call('POST', '/v1/me/password', NoBody, { body: input });
      return {};
    },
    'account.startContactChange': async (input) => {
      const answer = await call('POST', '/v1/me/contact-changes', ContactChangeStartedSchema, { body: input });
      const now = Date.now();
      return {
        destination: answer.value.destination,
        expiresInMs: msUntil(answer.value.expiresAt, answer, now),
        resendInMs: msUntil(answer.value.resendAvailableAt, answer, now),
      };
    },
    'account.verifyContactChange': async ({ code }) =>
      (await call('POST', '/v1/me/contact-changes/verify', MeSchema, { body: { code } })).value,
    'account.sessions': async () => {
      const { value } = await call('GET', '/v1/me/sessions', AccountSessionsSchema);
      currentSessionId = value.sessions.find((s) => s.current)?.sessionId ?? null;
      return value;
    },
    'account.endSession': async ({ sessionId }) => {
      if (sessionId === currentSessionId) {
        await o.sessions.logout();
        return {};
      }
      await call('DELETE', `/v1/me/sessions/${encodeURIComponent(sessionId)}`, NoBody);
      return {};
    },
    'account.signIns': async ({ cursor }) =>
      (await call('GET', `/v1/me/sign-ins${queryString({ cursor })}`, SignInsSchema)).value,

    'inbox.list': async ({ cursor, unread }) =>
      (
        await call(
          'GET',
          `/v1/inbox${queryString({ cursor, unread: unread === undefined ? undefined : String(unread) })}`,
          InboxListSchema,
        )
      ).value,
    'inbox.read': async ({ messageId }) => {
      await call('POST', `/v1/inbox/${encodeURIComponent(messageId)}/read`, NoBody, { body: {} });
      return {};
    },
    'inbox.readAll': async () => {
      await call('POST', '/v1/inbox/read-all', NoBody, { body: {} });
      return {};
    },
  };
}
