import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useApp } from '../../app-context';
import { Busy, Outcome, useAction } from '../../components/ui';
import { pdfWorker } from '../../viewer/pdf-worker';

const loadViewer = () => import('../../viewer/pdf-viewer');
const PdfViewer = lazy(() => loadViewer().then((m) => ({ default: m.PdfViewer })));

/** Tanda terima pengaduan in the app's reader; its way back leads to the complaint. */
export function ComplaintReceipt() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const { complaintId = '' } = useParams();
  const number = (useLocation().state as { number?: string } | null)?.number;
  const title = number ? t('complaints.receiptOf', { n: number }) : t('complaints.receipt');
  const [bytes, setBytes] = useState<ArrayBuffer | null>(null);
  const load = useAction();
  const openExternal = useCallback((url: string) => void portal.app.openExternal(url), [portal]);
  useEffect(() => {
    pdfWorker();
    void load.run(() => portal.complaints.receipt({ complaintId })).then((r) => r && setBytes(r.bytes));
  }, [portal, complaintId]);
  return (
    <section className="document">
      <h1>{title}</h1>
      <p>
        <Link to={`/pengaduan/${complaintId}`}>{t('complaints.backToComplaint')}</Link>
      </p>
      <Outcome of={load} />
      {bytes && (
        <Suspense fallback={<Busy busy />}>
          <PdfViewer data={bytes} title={title} openExternal={openExternal} />
        </Suspense>
      )}
    </section>
  );
}
