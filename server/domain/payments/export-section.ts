import type { ExportSection } from '../privacy/export/sections';
import { allPages } from '../privacy/export/sections';
import type { Autodebits } from './autodebit/autodebits';
import type { Bills } from './bills';
import type { Payments } from './payments';

/** The person's bills, their payments with each receipt (kuitansi) once paid, and their autodebits. */
export function paymentsExportSections(bills: Bills, payments: Payments, autodebits: Autodebits): ExportSection[] {
  return [
    {
      key: 'autodebits',
      title: { id: 'Autodebet', en: 'Autodebit' },
      async collect(p, sink) {
        // As the person sees it: a card only as brand and last four, an account masked.
        const list = await autodebits.heldBy(p.customerId);
        sink.json('autodebits', list);
        return list.length;
      },
    },
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
