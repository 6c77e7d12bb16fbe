import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { midtransSignature } from '../../server/domain/payments/gateway';
import { ClaimsDriver } from '../helpers/claims';
import { startSmsGateway, startSmtpServer, waitFor } from '../helpers/mail-and-sms';
import { startTestService, type TestService } from '../helpers/service';
import { startGatewaySimulator } from '../helpers/gateway';

/**
 * The service in production mode with the Midtrans adapter, its gateway another service's
 * development simulator over HTTP (the same wire format), and real SMTP: the receipt of a
 * paid bill reaches the person's mailbox as a PDF attachment.
 */
describe('a paid bill in production mode: Midtrans adapter, real SMTP, the receipt attached', () => {
  const serverKey = 'SB-Mid-server-uji-produksi-123';
  let gateway: Awaited<ReturnType<typeof startGatewaySimulator>>;
  let prod: TestService;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startSmsGateway>>;
  beforeAll(async () => {
    gateway = await startGatewaySimulator(serverKey, { runningClock: true });
    smtp = await startSmtpServer();
    sms = await startSmsGateway([]);
    prod = await startTestService('sqlite', {
      mode: 'production',
      runningClock: true,
      env: {
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Portal Nasabah <no-reply@portal-nasabah.example>',
        SMS_GATEWAY_URL: sms.url,
        SMS_GATEWAY_TOKEN: 'gw-secret',
        PAYMENT_GATEWAY: 'midtrans',
        MIDTRANS_SERVER_KEY: serverKey,
        CARD_SIGNING_KEY: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
        MIDTRANS_BASE_URL: `${gateway.url}/dev/gateway`,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await prod?.close();
    await gateway?.close();
    await smtp?.close();
    await sms?.close();
  });

  it('charges at the gateway, books the signed and confirmed notification, and e-mails the kuitansi', async () => {
    // Agus Wijaya's account came from the old system (the demo's legacy accounts).
    const login = await prod.call('POST', '/v1/sessions', {
      username: 'agus.w70',
      password: 'Kopi-Tubruk-2009',
      device: { kind: 'personal', name: 'Laptop' },
    });
    expect(login.statusCode, login.body).toBe(200);
    const agus = new ClaimsDriver(prod, login.json().accessToken, 'agus.w70');
    const [bill] = (await agus.call('GET', '/v1/bills')).json().bills;
    const paid = await prod.service.app.inject({
      method: 'POST',
      url: `/v1/bills/${bill.billId}/payments`,
      headers: {
        ...{ authorization: `Bearer ${agus.token}` },
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      payload: JSON.stringify({ method: 'va_bca' }),
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const payment = paid.json();
    // The charge reached the gateway over HTTP, with the server key.
    const tx = await gateway.service.store.db
      .selectFrom('sim_transactions')
      .selectAll()
      .where('order_id', '=', payment.paymentId)
      .executeTakeFirstOrThrow();
    expect(tx.va_number).toBe(payment.instructions.vaNumber);

    await gateway.service.store.db
      .updateTable('sim_transactions')
      .set({ transaction_status: 'settlement' })
      .where('order_id', '=', payment.paymentId)
      .execute();
    const gross = `${bill.amount}.00`;
    const notified = await prod.call('POST', '/v1/gateway/midtrans/notifications', {
      order_id: payment.paymentId,
      status_code: '200',
      gross_amount: gross,
      transaction_status: 'settlement',
      transaction_id: tx.transaction_id,
      signature_key: midtransSignature(payment.paymentId, '200', gross, serverKey),
    });
    expect(notified.json()).toEqual({ status: 'ok', verdict: 'paid' });

    const mail = await waitFor(() => smtp.mails.find((m) => m.raw.includes('application/pdf')), 10_000);
    expect(mail.to).toEqual(['agus.wijaya@example.com']);
    expect(mail.raw).toContain(`filename=kuitansi-${bill.period.from}.pdf`);
    // The attachment is the stored receipt.
    const b64 =
      /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([A-Za-z0-9+/=\r\n]+)/u.exec(mail.raw)?.[1] ?? '';
    expect(Buffer.from(b64.replace(/\s+/gu, ''), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});
