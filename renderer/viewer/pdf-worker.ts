import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

let worker: Worker | null = null;

/**
 * pdf.js's worker, started once and shared by every document. The document screen
 * starts it on arrival, so it loads and compiles while the bytes are still downloading;
 * this module stays tiny, so screens without documents never load pdf.js.
 */
export function pdfWorker(): Worker {
  worker ??= new Worker(workerUrl, { type: 'module' });
  return worker;
}
