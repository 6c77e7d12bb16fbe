import type { ExportSection } from '../privacy/export/sections';
import { allPages } from '../privacy/export/sections';
import type { Bills } from './bills';
import type { Payments } from './payments';

/** The person's bills, and their payments with each receipt (kuitansi) once paid. */
export function paymentsExportSections(bills: Bills, payments: Payments): ExportSection[] {
  return [
    {
      key: 'bills',
      title: { id: 'Tagihan', en: 'Bills' },
      async collect(p, sink) {
        const list = await bills.list(p.customerId, {});
        sink.json('bills', list);
        return list.length;
      },
    },
    {
      key: 'payments',
      title: { id: 'Pembayaran dan kuitansi', en: 'Payments and receipts' },
      async collect(p, sink) {
        const list = await allPages(async (cursor) => {
          const page = await payments.list(p, { limit: 100, cursor });
          return { items: page.payments, nextCursor: page.nextCursor };
        });
        sink.json('payments', list);
        for (const x of list) {
          if (x.status === 'paid' && x.receiptDocumentId)
            sink.file(
              `payments/${x.paymentId}-kuitansi.pdf`,
              async () => (await payments.receipt(p, x.paymentId)).body,
            );
        }
        return list.length;
      },
    },
  ];
}
