import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimFile } from '../../../contract/api/claims';
import { useApp } from '../../app-context';

/**
 * A small picture of a claim file: the image itself, or the first page of a PDF drawn by
 * pdf.js (loaded only when a PDF is shown). The bytes come from the main process.
 */
export function FilePreview({ claimId, file }: { claimId: string; file: ClaimFile }) {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [url, setUrl] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let gone = false;
    let objectUrl: string | null = null;
    void (async () => {
      const r = await portal.claims.openFile({ claimId, fileId: file.fileId });
      if (gone || !r.ok) return setFailed(!gone);
      if (r.value.contentType !== 'application/pdf') {
        objectUrl = URL.createObjectURL(new Blob([r.value.bytes], { type: r.value.contentType }));
        setUrl(objectUrl);
        return;
      }
      try {
        const [{ GlobalWorkerOptions, getDocument }, { pdfWorker }] = await Promise.all([
          import('pdfjs-dist'),
          import('../../viewer/pdf-worker'),
        ]);
        GlobalWorkerOptions.workerPort ??= pdfWorker();
        const task = getDocument({ data: new Uint8Array(r.value.bytes), enableXfa: false });
        const pdf = await task.promise;
        const page = await pdf.getPage(1);
        const viewport = page.getViewport({ scale: 1 });
        const scale = 160 / viewport.width;
        const c = canvas.current;
        if (gone || !c) return;
        const v = page.getViewport({ scale });
        c.width = Math.floor(v.width);
        c.height = Math.floor(v.height);
        await page.render({ canvas: c, viewport: v }).promise;
        // The loading task owns the document; ending it frees the page in the shared worker.
        await task.destroy();
      } catch {
        if (!gone) setFailed(true);
      }
    })();
    return () => {
      gone = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [portal, claimId, file.fileId]);

  const label = t('claims.preview', { name: file.fileName });
  if (failed) return <span className="thumb thumb-missing" role="img" aria-label={label} />;
  if (file.contentType === 'application/pdf')
    return <canvas ref={canvas} className="thumb" role="img" aria-label={label} />;
  return url ? (
    <img src={url} className="thumb" alt={label} />
  ) : (
    <span className="thumb" role="img" aria-label={label} />
  );
}
