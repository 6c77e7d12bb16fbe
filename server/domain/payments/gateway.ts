import crypto from 'node:crypto';
import pRetry from 'p-retry';
import type { PaymentMethod } from '../../../contract/api/payments';
import { METHODS } from './methods';

/** What the gateway is asked to charge: the payment's id is the gateway's order id. */
export interface ChargeRequest {
  orderId: string;
  amount: number;
  method: PaymentMethod;
  customer: { name: string; email: string; phone: string };
  expiresInMs: number;
  /**
   * A card payment that saves the card for an autodebit's later collections (Midtrans Snap:
   * `credit_card.save_card` with the merchant's `user_id` for the person, never their data).
   */
  saveCardFor?: string;
}

/** A collection charged to a saved card, with no person at the screen (Core API `/v2/charge`). */
export interface SavedCardCharge {
  orderId: string;
  amount: number;
  tokenId: string;
}

export interface ChargeResult {
  transactionId: string;
  vaNumber?: string;
  bankCode?: string;
  qrString?: string;
  redirectUrl?: string;
}

export type TransactionStatus =
  'pending' | 'settlement' | 'capture' | 'expire' | 'cancel' | 'deny' | 'failure' | 'refund';

export interface GatewayTransaction {
  orderId: string;
  transactionId: string;
  transactionStatus: TransactionStatus;
  statusCode: string;
  grossAmount: string;
  fraudStatus?: string;
  /** A card saved by this payment: its token and its number as the gateway masks it (`481111-1114`). */
  savedTokenId?: string;
  maskedCard?: string;
  /** Why a card was refused, as the issuer said. */
  statusMessage?: string;
}

/** A notification as the gateway posts it (Midtrans' HTTP notification, the fields we read). */
export interface GatewayNotification {
  order_id: string;
  status_code: string;
  gross_amount: string;
  signature_key: string;
  transaction_status: string;
  transaction_id?: string;
}

/** The gateway could not be reached or failed (timeout, 5xx): nothing is known to be charged. */
export class GatewayUnavailable extends Error {}
/** The gateway refused the request (4xx): nothing was charged. */
export class GatewayRefused extends Error {}

/** One interface, two implementations (payments.md, Gateway): Midtrans, and the development simulator. */
export interface PaymentGateway {
  charge(req: ChargeRequest): Promise<ChargeResult>;
  /**
   * Charges a saved card at once: the gateway's answer (captured, denied). A second charge of
   * the same order is refused by the gateway (a duplicate order id), so it never charges twice.
   */
  chargeSavedCard(req: SavedCardCharge): Promise<GatewayTransaction>;
  /** The transaction as the gateway has it; null when it has none of that order. */
  status(orderId: string): Promise<GatewayTransaction | null>;
  cancel(orderId: string): Promise<void>;
  /** SHA-512(order_id + status_code + gross_amount + server key), compared in constant time. */
  verify(n: GatewayNotification): boolean;
}

/** A transaction as Midtrans' status and charge answers write it. */
function transactionOf(json: Record<string, unknown>): GatewayTransaction {
  const text = (k: string) => (typeof json[k] === 'string' && json[k] ? { [k]: json[k] } : {});
  const { saved_token_id, masked_card, fraud_status, channel_response_message, status_message } = {
    ...text('saved_token_id'),
    ...text('masked_card'),
    ...text('fraud_status'),
    ...text('channel_response_message'),
    ...text('status_message'),
  } as Record<string, string | undefined>;
  const message = channel_response_message ?? status_message;
  return {
    orderId: String(json.order_id),
    transactionId: String(json.transaction_id),
    transactionStatus: String(json.transaction_status) as TransactionStatus,
    statusCode: String(json.status_code),
    grossAmount: String(json.gross_amount),
    ...(fraud_status ? { fraudStatus: fraud_status } : {}),
    ...(saved_token_id ? { savedTokenId: saved_token_id } : {}),
    ...(masked_card ? { maskedCard: masked_card } : {}),
    ...(message ? { statusMessage: message } : {}),
  };
}

/** Midtrans' notification signature. */
export function midtransSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return crypto.createHash('sha512').update(`${orderId}${statusCode}${grossAmount}${serverKey}`, 'utf8').digest('hex');
}

/** Rupiah as Midtrans writes `gross_amount` in notifications and status: `"150000.00"`. */
export const grossAmount = (rupiah: number): string => `${rupiah}.00`;

const VA_BANK: Partial<Record<PaymentMethod, string>> = {
  va_bca: 'bca',
  va_bni: 'bni',
  va_bri: 'bri',
  va_permata: 'permata',
};
const SNAP_PAYMENTS: Partial<Record<PaymentMethod, string>> = {
  card: 'credit_card',
  gopay: 'gopay',
  shopeepay: 'shopeepay',
};

/**
 * Midtrans: Core API (`/v2/charge`) for virtual accounts and QRIS, Snap for card and
 * e-wallets (their own page, so the app never sees a card number), status and cancel.
 * Status and cancel are idempotent and tried again on no answer; a charge never is (the
 * caller cancels what might have been made instead).
 */
export class MidtransGateway implements PaymentGateway {
  constructor(
    private readonly settings: { serverKey: string; baseUrl: () => string; snapUrl: () => string; timeoutMs?: number },
  ) {}

  private auth(): string {
    return `Basic ${Buffer.from(`${this.settings.serverKey}:`).toString('base64')}`;
  }

  private async request(
    url: string,
    method: 'GET' | 'POST',
    body?: unknown,
    timeoutMs = this.settings.timeoutMs ?? 10_000,
  ) {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: this.auth(),
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new GatewayUnavailable(err instanceof Error ? err.message : 'no answer');
    }
    if (res.status >= 500) throw new GatewayUnavailable(`gateway answered ${res.status}`);
    let json: Record<string, unknown>;
    try {
      json = (await res.json()) as Record<string, unknown>;
    } catch {
      throw new GatewayUnavailable('gateway answered without JSON');
    }
    return { status: res.status, json };
  }

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    const minutes = Math.round(req.expiresInMs / 60_000);
    const details = { order_id: req.orderId, gross_amount: req.amount };
    const customer = { first_name: req.customer.name, email: req.customer.email, phone: req.customer.phone };
    const snap = SNAP_PAYMENTS[req.method];
    if (snap) {
      const { status, json } = await this.request(`${this.settings.snapUrl()}/snap/v1/transactions`, 'POST', {
        transaction_details: details,
        customer_details: customer,
        enabled_payments: [snap],
        expiry: { unit: 'minute', duration: minutes },
        ...(req.saveCardFor && snap === 'credit_card'
          ? { user_id: req.saveCardFor, credit_card: { secure: true, save_card: true } }
          : {}),
      });
      if (status !== 201 || typeof json.redirect_url !== 'string') throw new GatewayRefused(`snap answered ${status}`);
      return { transactionId: String(json.token ?? req.orderId), redirectUrl: json.redirect_url };
    }
    const custom_expiry = { expiry_duration: minutes, unit: 'minute' };
    const body =
      METHODS[req.method].kind === 'qris'
        ? {
            payment_type: 'qris',
            transaction_details: details,
            customer_details: customer,
            qris: { acquirer: 'gopay' },
            custom_expiry,
          }
        : req.method === 'va_mandiri'
          ? {
              payment_type: 'echannel',
              transaction_details: details,
              customer_details: customer,
              echannel: { bill_info1: 'Pembayaran', bill_info2: 'Premi' },
              custom_expiry,
            }
          : {
              payment_type: 'bank_transfer',
              transaction_details: details,
              customer_details: customer,
              bank_transfer: { bank: VA_BANK[req.method] },
              custom_expiry,
            };
    const { status, json } = await this.request(`${this.settings.baseUrl()}/v2/charge`, 'POST', body);
    // Core API answers 200 with its own `status_code` in the body; 201 means "pending", made.
    if (status >= 400 || json.status_code !== '201')
      throw new GatewayRefused(`charge answered ${String(json.status_code)}`);
    const transactionId = String(json.transaction_id);
    if (json.payment_type === 'qris') return { transactionId, qrString: String(json.qr_string) };
    if (json.payment_type === 'echannel') {
      return { transactionId, vaNumber: String(json.bill_key), bankCode: String(json.biller_code) };
    }
    if (typeof json.permata_va_number === 'string')
      return { transactionId, vaNumber: json.permata_va_number, bankCode: 'permata' };
    const va = (json.va_numbers as Array<{ bank: string; va_number: string }> | undefined)?.[0];
    if (!va) throw new GatewayRefused('charge answered without a virtual account');
    return { transactionId, vaNumber: va.va_number, bankCode: va.bank };
  }

  async chargeSavedCard(req: SavedCardCharge): Promise<GatewayTransaction> {
    const { status, json } = await this.request(`${this.settings.baseUrl()}/v2/charge`, 'POST', {
      payment_type: 'credit_card',
      transaction_details: { order_id: req.orderId, gross_amount: req.amount },
      credit_card: { token_id: req.tokenId },
    });
    // A duplicate order: charged before (a collection run again after a crash); its status says how.
    if (json.status_code === '406') {
      const earlier = await this.status(req.orderId);
      if (earlier) return earlier;
    }
    if (status >= 400 || typeof json.transaction_status !== 'string')
      throw new GatewayRefused(`card charge answered ${String(json.status_code)}`);
    return transactionOf(json);
  }

  async status(orderId: string): Promise<GatewayTransaction | null> {
    return pRetry(
      async () => {
        const { status, json } = await this.request(
          `${this.settings.baseUrl()}/v2/${encodeURIComponent(orderId)}/status`,
          'GET',
          undefined,
          5000,
        );
        if (status === 404 || json.status_code === '404') return null;
        if (status >= 400) throw new GatewayRefused(`status answered ${status}`);
        return transactionOf(json);
      },
      { retries: 2, minTimeout: 200, shouldRetry: ({ error }) => error instanceof GatewayUnavailable },
    );
  }

  async cancel(orderId: string): Promise<void> {
    await pRetry(
      async () => {
        const { status, json } = await this.request(
          `${this.settings.baseUrl()}/v2/${encodeURIComponent(orderId)}/cancel`,
          'POST',
          undefined,
          5000,
        );
        // A transaction the gateway never made, or one already ended, needs no cancelling.
        if (status === 404 || json.status_code === '404' || json.status_code === '412') return;
        if (status >= 400) throw new GatewayRefused(`cancel answered ${status}`);
      },
      { retries: 2, minTimeout: 200, shouldRetry: ({ error }) => error instanceof GatewayUnavailable },
    );
  }

  verify(n: GatewayNotification): boolean {
    if (typeof n.signature_key !== 'string' || !/^[0-9a-f]{128}$/u.test(n.signature_key)) return false;
    const expected = Buffer.from(
      midtransSignature(n.order_id, n.status_code, n.gross_amount, this.settings.serverKey),
      'hex',
    );
    return crypto.timingSafeEqual(expected, Buffer.from(n.signature_key, 'hex'));
  }
}
