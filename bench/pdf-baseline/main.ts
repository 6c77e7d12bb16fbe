import 'pdfjs-dist/web/pdf_viewer.css';
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import './baseline.css';

/**
 * The baseline of `npm run bench -- documents`: a bare pdf.js PDFViewer, nothing else,
 * opening `?file=` and marking when its first page is painted, as the app's viewer does.
 */
GlobalWorkerOptions.workerSrc = workerUrl;
const container = document.getElementById('container') as HTMLDivElement;
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container, eventBus, linkService, textLayerMode: 1 });
linkService.setViewer(viewer);
eventBus.on('pagesinit', () => {
  viewer.currentScaleValue = 'page-width';
});
// The same mark as the app's viewer.
const onRendered = (e: { pageNumber: number }) => {
  if (e.pageNumber !== 1) return;
  performance.mark('pdf-first-page');
  eventBus.off('pagerendered', onRendered);
};
eventBus.on('pagerendered', onRendered);
const file = new URL(location.href).searchParams.get('file')!;
const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
performance.mark('pdf-bytes');
const pdf = await getDocument({ data: bytes, standardFontDataUrl: new URL('standard_fonts/', document.baseURI).href })
  .promise;
viewer.setDocument(pdf);
linkService.setDocument(pdf, null);
