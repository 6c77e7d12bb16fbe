import { Download } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ToolButton } from '../components/tool-button';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useApp } from '../app-context';
import { useToast } from '../components/feedback';
import { Busy, Outcome, useAction } from '../components/ui';
import { pdfWorker } from '../viewer/pdf-worker';

// pdf.js is loaded only for documents, and while the document downloads.
const loadViewer = () => import('../viewer/pdf-viewer');
const PdfViewer = lazy(() => loadViewer().then((m) => ({ default: m.PdfViewer })));

/** Downloads a document through the main process (progress shown), then reads it in the viewer. */
export function DocumentScreen() {
  const { t } = useTranslation();
  const { portal, info } = useApp();
  const { documentId = '', policyNumber = '' } = useParams();
  // Opened from elsewhere (a receipt from Pembayaran), the title and the way back say where.
  const state = useLocation().state as { title?: string; back?: { to: string; label: string } } | null;
  const title = state?.title ?? t('policy.documents');
  const back = state?.back ?? { to: `/polis/${encodeURIComponent(policyNumber)}`, label: t('viewer.back') };
  const [data, setData] = useState<{ bytes: ArrayBuffer; fromCache: boolean } | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const action = useAction();
  // Saving and printing report here, below the reader's tools, without closing the document.
  const tool = useAction();
  const toast = useToast();
  const print = useCallback(async () => {
    await tool.run(() => portal.documents.print({ documentId }));
  }, [portal, documentId]);
  const saveCopy = async () => {
    const r = await tool.run(() => portal.documents.saveCopy({ documentId }));
    if (r?.saved) toast(r.savedAs ? t('viewer.savedAs', { path: r.savedAs }) : t('viewer.saved'));
  };
  const openExternal = useCallback((url: string) => void portal.app.openExternal(url), [portal]);

  useEffect(() => {
    pdfWorker();
    void loadViewer();
    const off = portal.documents.onProgress((p) => {
      if (p.documentId === documentId && p.totalBytes > 0)
        setPercent(Math.round((p.receivedBytes / p.totalBytes) * 100));
    });
    void action
      .run(() => portal.documents.open({ documentId }))
      .then((r) => {
        if (!r) return;
        performance.mark('pdf-bytes');
        setData({ bytes: r.data, fromCache: r.fromCache });
      });
    return off;
  }, [documentId]);

  return (
    <section className="document">
      <h1>{title}</h1>
      {/* The reader always has a way out, also when the file is broken or the download failed. */}
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
      {!data && percent !== null && (
        <p role="status">
          <progress max={100} value={percent} aria-label={t('viewer.downloading', { percent })} />{' '}
          {t('viewer.downloading', { percent })}
        </p>
      )}
      <Outcome of={action} />
      {data?.fromCache && <p className="hint">{t('viewer.fromCache')}</p>}
      <Outcome of={tool} />
      {data && (
        <Suspense fallback={<Busy busy />}>
          <PdfViewer
            data={data.bytes}
            title={title}
            openExternal={openExternal}
            onPrint={print}
            tools={
              // A kiosk keeps nothing, so it offers no copy to keep.
              info.mode === 'personal' && (
                <ToolButton
                  label={t('viewer.saveCopy')}
                  icon={<Download size={18} aria-hidden="true" />}
                  onClick={() => void saveCopy()}
                  disabled={tool.running}
                />
              )
            }
          />
        </Suspense>
      )}
    </section>
  );
}
