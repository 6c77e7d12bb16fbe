import { Reminders } from '../domain/payments/reminders';
import { Autodebits } from '../domain/payments/autodebit/autodebits';
import { BankFile } from '../domain/payments/autodebit/bank-file';
import { cardCollectionJob } from '../domain/payments/autodebit/card-collection';
import { failureLetterJob } from '../domain/payments/autodebit/failure-letter';
import { adminAutodebitRoutes, autodebitRoutes } from '../http/routes/autodebit';
import { paymentsExportSections } from '../domain/payments/export-section';
import { Bills } from '../domain/payments/bills';
import { Booking } from '../domain/payments/booking';
import { MidtransGateway } from '../domain/payments/gateway';
import { confirmJob, policyFollowJob, receiptJob, settleJob } from '../domain/payments/payment-jobs';
import { Payments } from '../domain/payments/payments';
import { devGatewayRoutes } from '../http/routes/dev-gateway';
import { gatewayNotificationRoutes, paymentRoutes } from '../http/routes/payments';
import type { Foundation } from './foundation';

/** Grace and lapse follow the bills this often, even for policies whose bills nobody reads. */
const FOLLOW_BILLS_MS = 10 * 60 * 1000;

/**
 * Pembayaran (payments.md): bills, payments through Midtrans — or in development the simulator
 * this service serves itself, reached over HTTP at the address it listens on (known once it
 * listens) — their booking, receipts and follow-up.
 */
export async function paymentsArea(f: Foundation): Promise<{
  bills: Bills;
  payments: Payments;
  reminders: Reminders;
  autodebits: Autodebits;
  bankFile: BankFile;
}> {
  const { app, config, store, clock } = f;
  let ownUrl: string | undefined;
  app.addHook('onListen', async () => {
    const a = app.server.address();
    if (a && typeof a === 'object') ownUrl = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  });
  const own = () => {
    if (!ownUrl) throw new Error('the service is not listening: the simulator cannot be reached');
    return `${ownUrl}/dev/gateway`;
  };
  const gatewaySettings =
    config.payments.gateway === 'midtrans'
      ? {
          serverKey: config.payments.serverKey,
          baseUrl: () => (config.payments as { baseUrl: string }).baseUrl,
          snapUrl: () => (config.payments as { snapUrl: string }).snapUrl,
        }
      : {
          // Shared by every instance with the same OTP_HMAC_KEY, so any of them checks the others' signatures.
          serverKey:
            config.payments.serverKey ?? `SB-Mid-server-dev-${f.ctx.keyed.mac('gateway-simulator').slice(0, 32)}`,
          baseUrl: own,
          snapUrl: own,
        };
  const bills = new Bills(store.db, f.policies, clock, config.graceDays);
  const gateway = new MidtransGateway(gatewaySettings);
  const booking = new Booking(store.db, store.kind, gateway, f.hub, f.inbox, f.jobs, clock, app.log, f.metrics);
  const autodebits = new Autodebits(store.db, clock, f.ctx.keyed, f.policies, bills, f.jobs, f.inbox, f.account);
  // A first card payment of a policy whose autodebit waits for it saves the card, in the booking.
  booking.onBooking((trx, bill, tx, now) => autodebits.cardSaved(trx, bill.policy_number, tx, now));
  const payments = new Payments(store.db, bills, gateway, booking, f.jobs, f.documentStore, clock, app.log, autodebits);
  const bankFile = new BankFile(store.db, clock, autodebits, booking, (billId) => payments.cancelOpen(billId));
  f.runner.register(receiptJob(store.db, f.documents, booking, f.jobs, clock));
  f.runner.register(settleJob(booking));
  f.runner.register(confirmJob(booking));
  f.runner.register(policyFollowJob(bills));
  await app.register(paymentRoutes(bills, payments, f.sessions));
  await app.register(gatewayNotificationRoutes(payments, f.metrics));
  if (config.payments.gateway === 'simulator') {
    await app.register(
      devGatewayRoutes({ db: store.db, clock, serverKey: gatewaySettings.serverKey, self: () => app }),
    );
  }
  f.exportSections.push(...paymentsExportSections(bills, payments, autodebits));
  f.every(FOLLOW_BILLS_MS, 'bill follow-up failed', () => bills.followAll());
  // Reminders are planned a day ahead, every ten minutes (and at once when the development clock
  // is moved by hand: server/app.ts).
  const reminders = new Reminders(store.db, clock, bills, f.jobs, f.inbox, (policyNumber, billId) =>
    autodebits.collects(policyNumber, billId),
  );
  f.runner.register(reminders.handler());
  f.every(FOLLOW_BILLS_MS, 'reminder planning failed', () => reminders.plan());
  // Autodebit: card collections planned like the reminders; the bank's are the back office's files.
  f.runner.register(
    cardCollectionJob({ db: store.db, clock, autodebits, booking, payments, gateway, graceDays: config.graceDays }),
  );
  f.runner.register(failureLetterJob(store.db, f.documents, clock, config.graceDays));
  f.every(FOLLOW_BILLS_MS, 'autodebit planning failed', () => autodebits.plan());
  await app.register(autodebitRoutes(autodebits, f.sessions));
  await app.register(adminAutodebitRoutes(bankFile, f.adminKeys));
  return { bills, payments, reminders, autodebits, bankFile };
}
