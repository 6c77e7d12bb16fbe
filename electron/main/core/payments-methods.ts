import crypto from 'node:crypto';
import { AutodebitSchema } from '../../../contract/api/autodebit';
import { BillListSchema, PaymentListSchema, PaymentSchema } from '../../../contract/api/payments';
import type { DeviceKind } from '../../../contract/api/identity';
import { msUntil, queryString, type ApiClient } from './api-client';
import { httpsOrLoopback } from './loopback';
import type { PortalMethods } from './portal';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';

export interface PaymentsMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
  mode: DeviceKind;
  serviceUrl: string;
  openExternal: (url: string) => Promise<void>;
}

type PaymentsMethods = Pick<PortalMethods, Extract<keyof PortalMethods, `payments.${string}`>>;
const id = (s: string) => encodeURIComponent(s);

/** A gateway page may open only over https, or on the development service's own loopback address. */
export function gatewayPageAllowed(url: string, serviceUrl: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  if (u.protocol === 'https:') return true;
  const s = new URL(serviceUrl);
  return httpsOrLoopback(u) && u.origin === s.origin && u.pathname.startsWith('/dev/gateway/');
}

/**
 * Pembayaran in `window.portal` (payments.md, The app). The idempotency key is made here:
 * a "Bayar" for the same bill and method that is asked again before an answer (a double
 * click, a retry after the network dropped) carries the same key, so it is one payment.
 */
export function createPaymentsMethods(o: PaymentsMethodsOptions): PaymentsMethods {
  const keys = new Map<string, string>();

  return {
    'payments.bills': (q) =>
      o.sessions.authorized(
        async (token) => (await o.api.call('GET', `/v1/bills${queryString(q)}`, BillListSchema, { token })).value,
      ),
    'payments.pay': async ({ billId, method }) => {
      const which = `${billId}:${method}`;
      const key = keys.get(which) ?? crypto.randomUUID();
      keys.set(which, key);
      try {
        const payment = await o.sessions.authorized(async (token) => {
          const answer = await o.api.call('POST', `/v1/bills/${id(billId)}/payments`, PaymentSchema, {
            token,
            body: { method },
            headers: { 'idempotency-key': key },
          });
          return { ...answer.value, expiresInMs: msUntil(answer.value.expiresAt, answer) };
        });
        keys.delete(which);
        return payment;
      } catch (err) {
        // Only "no answer" keeps the key: the payment may exist, and asking again must find it.
        if (!(err instanceof PortalFailure && err.code === 'network_unavailable')) keys.delete(which);
        throw err;
      }
    },
    'payments.get': ({ paymentId }) =>
      o.sessions.authorized(async (token) => {
        const answer = await o.api.call('GET', `/v1/payments/${id(paymentId)}`, PaymentSchema, { token });
        return { ...answer.value, expiresInMs: msUntil(answer.value.expiresAt, answer) };
      }),
    'payments.list': (q) =>
      o.sessions.authorized(
        async (token) => (await o.api.call('GET', `/v1/payments${queryString(q)}`, PaymentListSchema, { token })).value,
      ),
    'payments.openGatewayPage': async ({ paymentId }) => {
      if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
      const payment = await o.sessions.authorized(
        async (token) => (await o.api.call('GET', `/v1/payments/${id(paymentId)}`, PaymentSchema, { token })).value,
      );
      const url = payment.instructions.redirectUrl;
      if (!url || !gatewayPageAllowed(url, o.serviceUrl))
        throw new PortalFailure('invalid_input', { fields: ['paymentId'] });
      await o.openExternal(url);
      return {};
    },
    'payments.autodebit': async ({ policyNumber }) => {
      try {
        return {
          autodebit: await o.sessions.call('GET', `/v1/policies/${id(policyNumber)}/autodebit`, AutodebitSchema),
        };
      } catch (err) {
        // A policy paid by virtual account has none: nothing to show, not a failure.
        if (err instanceof PortalFailure && err.code === 'not_found') return { autodebit: null };
        throw err;
      }
    },
    'payments.endAutodebit': ({ policyNumber }) =>
      o.sessions.call('DELETE', `/v1/policies/${id(policyNumber)}/autodebit`, AutodebitSchema),
    'payments.receipt': async ({ paymentId }) => {
      const answer = await o.sessions.authorized((token) =>
        o.api.download(`/v1/payments/${id(paymentId)}/receipt`, token, undefined, () => {}),
      );
      if (answer.status !== 200) throw new PortalFailure('internal');
      const copy = new ArrayBuffer(answer.bytes.length);
      new Uint8Array(copy).set(answer.bytes);
      return { bytes: copy };
    },
  };
}
