import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayPageAllowed } from '../../electron/main/core/payments-methods';
import { coreCalls, recordingCore } from '../helpers/core';
import { GOOD_PASSWORD, customerNamed, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { waitFor } from '../helpers/mail-and-sms';

describe('Pembayaran through the main-process core (payments.md, The app)', () => {
  let svc: LiveService;
  let dir: string;
  let username: string;
  beforeAll(async () => {
    svc = await startLiveService();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-pay-'));
    username = await register(svc, customerNamed('Budi Santoso'));
  });
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (mode: 'personal' | 'kiosk' = 'personal') => recordingCore(svc.url, dir, { mode });
  const { call, ok } = coreCalls((r, label) => expect(r, label).toMatchObject({ ok: true }));

  it('pays a bill: a double click is one payment; the gateway settles it and payments.updated arrives; the receipt is a PDF', async () => {
    const { c, events } = start();
    await ok(c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
    const { bills } = await ok(c, 'payments.bills', { policyNumber: 'IND-2019-000123' });
    const bill = bills[0];
    const [a, b] = await Promise.all([
      ok(c, 'payments.pay', { billId: bill.billId, method: 'va_bca' }),
      ok(c, 'payments.pay', { billId: bill.billId, method: 'va_bca' }),
    ]);
    expect(a.paymentId).toBe(b.paymentId);
    expect(a.instructions.vaNumber).toBeTruthy();
    // The time to pay crosses as a duration from the service's clock: 24 hours for a VA, less the trip,
    // give or take the second of a `Date` header (the clock's skew is read from its whole seconds).
    expect(a.expiresInMs).toBeGreaterThan(24 * 3_600_000 - 60_000);
    expect(a.expiresInMs).toBeLessThanOrEqual(24 * 3_600_000 + 1_000);
    const settled = await fetch(`${svc.url}/dev/gateway/ui/${a.paymentId}/pay`, { method: 'POST', redirect: 'manual' });
    expect(settled.status).toBe(303);
    const update = await waitFor(
      async () => events.find((e) => e.event === 'payments.updated' && e.payload.status === 'paid'),
      5000,
    );
    expect(update.payload).toEqual({ paymentId: a.paymentId, billId: bill.billId, status: 'paid' });
    // The receipt follows the booking (a job): its own payments.updated says it is there.
    await waitFor(async () => {
      const seen = events.filter((e) => e.event === 'payments.updated' && e.payload.status === 'paid').length;
      return seen >= 2 ? true : undefined;
    }, 10_000);
    expect((await ok(c, 'payments.get', { paymentId: a.paymentId })).receiptDocumentId).toEqual(expect.any(String));
    const { bytes } = await ok(c, 'payments.receipt', { paymentId: a.paymentId });
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await ok(c, 'payments.list', {})).payments[0].paymentId).toBe(a.paymentId);
    // A second "Bayar" after it is paid is a new request: refused, naming the payment.
    const again = await call(c, 'payments.pay', { billId: bill.billId, method: 'va_bca' });
    expect(again.error).toEqual({ code: 'conflict', details: { id: a.paymentId } });
    await ok(c, 'session.logout');
  });

  it('opens the gateway page for a card in the system browser, never on a kiosk', async () => {
    const { c, opened } = start();
    await ok(c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
    const bill = (await ok(c, 'payments.bills', { policyNumber: 'IND-2019-000123' })).bills.find(
      (x: { status: string }) => x.status !== 'paid',
    );
    const card = await ok(c, 'payments.pay', { billId: bill.billId, method: 'card' });
    await ok(c, 'payments.openGatewayPage', { paymentId: card.paymentId });
    expect(opened).toEqual([card.instructions.redirectUrl]);
    await ok(c, 'session.logout');

    const kiosk = start('kiosk');
    await ok(kiosk.c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
    expect((await call(kiosk.c, 'payments.openGatewayPage', { paymentId: card.paymentId })).error.code).toBe(
      'not_allowed_in_kiosk',
    );
    expect(kiosk.opened).toEqual([]);
    await ok(kiosk.c, 'kiosk.finish');
  });

  it('lets only https gateway pages out, or the development gateway on the service itself', () => {
    const service = 'http://127.0.0.1:8787';
    expect(gatewayPageAllowed('https://app.midtrans.com/snap/v4/redirection/abc', service)).toBe(true);
    expect(gatewayPageAllowed('http://127.0.0.1:8787/dev/gateway/pay/abc', service)).toBe(true);
    expect(gatewayPageAllowed('http://127.0.0.1:9999/dev/gateway/pay/abc', service)).toBe(false);
    expect(gatewayPageAllowed('http://evil.example/dev/gateway/pay/abc', service)).toBe(false);
    expect(gatewayPageAllowed('http://127.0.0.1:8787/v1/me', service)).toBe(false);
    expect(gatewayPageAllowed('javascript:alert(1)', service)).toBe(false);
    expect(gatewayPageAllowed('file:///etc/passwd', service)).toBe(false);
  });
});
