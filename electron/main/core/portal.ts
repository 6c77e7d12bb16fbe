import type { DeviceKind } from '../../../contract/api/identity';
import { z } from 'zod';
import {
  ChannelsSchema,
  OtpSentSchema,
  RecoveryDoneSchema,
  RecoveryOtpVerifiedSchema,
  RecoveryStartedSchema,
  RegistrationDoneSchema,
  RegistrationOtpVerifiedSchema,
  RegistrationStartedSchema,
} from '../../../contract/api/identity';
import type { Language } from '../../../contract/api/common';
import { PolicyAnswerSchema, PolicyListSchema } from '../../../contract/api/policies';
import type { IpcEvent, IpcEventPayload, IpcInput, IpcMethod, IpcOutput, OtpCountdown } from '../../../contract/ipc';
import { createAccountMethods } from './account-methods';
import { createClaimsMethods } from './claims-methods';
import { createPaymentsMethods } from './payments-methods';
import { createNetworkMethods } from './network-methods';
import { createRequestsMethods } from './requests-methods';
import { createStatementsMethods } from './statements-methods';
import { createComplaintsMethods } from './complaints-methods';
import { createPrivacyMethods } from './privacy-methods';
import type { createConsultMethods } from './consult-methods';
import type { DocumentCache } from './document-cache';
import { createDocumentMethods, type DocumentDesk } from './document-methods';
import { msUntil, type ApiAnswer, type ApiClient } from './api-client';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';
import type { KioskGuard } from './kiosk-guard';
import type { ScannerInbox } from './scanner-inbox';
import type { SettingsStore } from './settings';
import type { CredentialVault } from './vault';

export interface PortalOptions {
  api: ApiClient;
  sessions: SessionManager;
  settings: SettingsStore;
  vault: CredentialVault;
  version: string;
  mode: DeviceKind;
  care: { phone: string; email: string };
  branchName?: string;
  /** Opens an https link in the system browser. */
  openExternal: (url: string) => Promise<void>;
  /** Map tiles for the provider search; none: the list alone. */
  mapTileUrl?: string;
  mapAttribution?: string;
  /** The policy service's address (a development gateway page must be on it). */
  serviceUrl: string;
  /** Encrypted on a personal device; nothing at all on a kiosk. */
  documentCache: DocumentCache;
  desk: DocumentDesk;
  /** A kiosk prints only where the branch allows it. */
  printingAllowed: boolean;
  printer?: string;
  emit: <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;
  /** A kiosk's guard (idle time, "Selesai"); none on a personal device. */
  kiosk: Pick<KioskGuard, 'stillHere' | 'finish' | 'lastWipe'> | null;
  /** A kiosk's scanner folder; none on a personal device or a kiosk without a scanner. */
  scanner: ScannerInbox | null;
  /** Registers what to forget when a kiosk wipes. */
  onForget: (forget: () => void) => void;
  configProblems?: string[];
  /** Telekonsultasi: made by the composer, which also tells it when the events stream is back. */
  consult: ReturnType<typeof createConsultMethods>;
}

export type PortalMethods = { [M in IpcMethod]: (input: IpcInput<M>) => Promise<IpcOutput<M>> };

/** Countdowns cross the bridge as durations, from the service's instants and clock. */
function countdown(answer: ApiAnswer<z.output<typeof OtpSentSchema>>): OtpCountdown {
  const { channel, destination, expiresAt, resendAvailableAt } = answer.value;
  const now = Date.now();
  return {
    channel,
    destination,
    expiresInMs: msUntil(expiresAt, answer, now),
    resendInMs: msUntil(resendAvailableAt, answer, now),
  };
}

/**
 * The main process's side of `window.portal`: every method of the preload API.
 * It keeps the registration and recovery flows itself; the renderer only says
 * what the person chose or typed, and never sees a token, a flow id or the URL.
 */
/** The consult methods as the bridge sees them (the resend is the composer's). */
function withoutResend({ resendUnsent, ...methods }: ReturnType<typeof createConsultMethods>) {
  void resendUnsent;
  return methods;
}

export function createPortal(o: PortalOptions): PortalMethods {
  let registrationFlow: string | null = null;
  let recoveryFlow: string | null = null;
  // A kiosk's language is the person's choice for their visit only: kept in memory, never written.
  let visitLanguage: Language | null = null;
  const lang = () => visitLanguage ?? o.settings.get().language;
  // A half-done registration or recovery, and the language chosen, are the last person's: a kiosk forgets them.
  o.onForget(() => {
    visitLanguage = null;
    registrationFlow = null;
    recoveryFlow = null;
  });

  const flow = (id: string | null): string => {
    if (!id) throw new PortalFailure('flow_step_invalid', { expected: 'start' });
    return id;
  };
  const post = <S extends z.ZodType>(path: string, schema: S, body: unknown) =>
    o.api.call('POST', path, schema, { body, language: lang() });

  return {
    'app.info': async () => ({
      version: o.version,
      mode: o.mode,
      language: lang(),
      keychainAvailable: o.mode === 'personal' && (await o.vault.isAvailable()),
      care: o.care,
      ...(o.branchName ? { branchName: o.branchName } : {}),
      ...(o.configProblems ? { configProblems: o.configProblems } : {}),
      ...(o.mapTileUrl ? { mapTileUrl: o.mapTileUrl } : {}),
      ...(o.mapTileUrl && o.mapAttribution ? { mapAttribution: o.mapAttribution } : {}),
      ...(o.kiosk?.lastWipe
        ? { lastWipe: { at: new Date(o.kiosk.lastWipe.at).toISOString(), reason: o.kiosk.lastWipe.reason } }
        : {}),
    }),
    'app.setLanguage': async (language) => {
      if (o.mode === 'kiosk') visitLanguage = language;
      else o.settings.update({ language });
      if (o.sessions.currentUser) {
        // The service writes its messages in the same language.
        await o.sessions
          .authorized((token) => o.api.call('PATCH', '/v1/me', z.object({}).loose(), { body: { language }, token }))
          .catch(() => undefined);
      }
      return {};
    },
    'app.openExternal': async (url) => {
      if (!URL.canParse(url) || new URL(url).protocol !== 'https:')
        throw new PortalFailure('invalid_input', { fields: ['url'] });
      // Nothing leaves a kiosk: a browser opened there would outlive the visit.
      if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
      await o.openExternal(url);
      return {};
    },

    'registration.start': async (input) => {
      const { value } = await post('/v1/registrations', RegistrationStartedSchema, input);
      registrationFlow = value.flowId;
      return { eula: value.eula };
    },
    'registration.acceptEula': async ({ version }) => {
      const { value } = await post(`/v1/registrations/${flow(registrationFlow)}/eula`, ChannelsSchema, { version });
      return { channels: value.channels };
    },
    'registration.sendOtp': async ({ channel }) =>
      countdown(await post(`/v1/registrations/${flow(registrationFlow)}/otp`, OtpSentSchema, { channel })),
    'registration.verifyOtp': async ({ code }) => {
      const { value } = await post(
        `/v1/registrations/${flow(registrationFlow)}/otp/verify`,
        RegistrationOtpVerifiedSchema,
        { code },
      );
      return { username: value.username };
    },
    'registration.setPassword': async (input) => {
      const { value } = await post(
        `/v1/registrations/${flow(registrationFlow)}/password`,
        RegistrationDoneSchema,
        input,
      );
      registrationFlow = null;
      return { username: value.username };
    },
    'registration.cancel': async () => {
      registrationFlow = null;
      return {};
    },

    'recovery.start': async ({ username }) => {
      const { value } = await post('/v1/recoveries', RecoveryStartedSchema, { username });
      recoveryFlow = value.flowId;
      return { channels: value.channels };
    },
    'recovery.sendOtp': async ({ channel }) =>
      countdown(await post(`/v1/recoveries/${flow(recoveryFlow)}/otp`, OtpSentSchema, { channel })),
    'recovery.verifyOtp': async ({ code }) => {
      await post(`/v1/recoveries/${flow(recoveryFlow)}/otp/verify`, RecoveryOtpVerifiedSchema, { code });
      return {};
    },
    'recovery.setPassword': async (input) => {
      await post(`/v1/recoveries/${flow(recoveryFlow)}/password`, RecoveryDoneSchema, input);
      recoveryFlow = null;
      return {};
    },
    'recovery.cancel': async () => {
      recoveryFlow = null;
      return {};
    },

    'session.login': async ({ username, password, remember }) => o.sessions.login(username, password, remember),
    'session.current': async () => ({ user: await o.sessions.restore() }),
    'session.logout': async () => {
      await o.sessions.logout();
      return {};
    },

    'policies.list': async () =>
      (await o.sessions.authorized((token) => o.api.call('GET', '/v1/policies', PolicyListSchema, { token }))).value,
    'policies.get': async ({ policyNumber }) =>
      (
        await o.sessions.authorized((token) =>
          o.api.call('GET', `/v1/policies/${encodeURIComponent(policyNumber)}`, PolicyAnswerSchema, { token }),
        )
      ).value,
    ...createDocumentMethods(o),
    ...createAccountMethods(o),
    ...createClaimsMethods(o),
    ...createPaymentsMethods(o),
    ...createNetworkMethods(o),
    ...createRequestsMethods(o),
    ...createStatementsMethods(o),
    ...createComplaintsMethods(o),
    ...createPrivacyMethods(o),
    ...withoutResend(o.consult),

    'kiosk.stillHere': async () => {
      o.kiosk?.stillHere();
      return {};
    },
    'kiosk.finish': async () => {
      // On a personal device "finish" is simply logging out.
      if (o.kiosk) await o.kiosk.finish();
      else await o.sessions.logout();
      return {};
    },
    'kiosk.scans': async () =>
      o.scanner
        ? { source: 'scanner' as const, files: await o.scanner.list() }
        : { source: 'none' as const, files: [] },
    'kiosk.openScan': async ({ fileId }) => {
      // Only for someone signed in: the files are theirs, for their claim or consultation.
      if (!o.sessions.currentUser) throw new PortalFailure('unauthenticated');
      const file = await o.scanner?.read(fileId);
      if (!file) throw new PortalFailure('not_found');
      const { bytes, ...rest } = file;
      return {
        ...rest,
        bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      };
    },
  };
}
