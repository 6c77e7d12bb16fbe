import type { PDFDocumentProxy } from 'pdfjs-dist';

/** Print resolution: sharp on paper, and the memory of one page image at a time. */
const PRINT_DPI = 150;

export interface PrintLayout {
  /** One element holding every page as an image, shown only by `@media print`. */
  element: HTMLElement;
  dispose(): void;
}

/**
 * Lays a document out for the printer: each page rendered once at print resolution
 * (pdf.js's print intent, so annotations meant for print appear), kept as an image,
 * and the canvas let go before the next page. The sheet size follows the first page.
 */
export async function buildPrintLayout(
  pdf: PDFDocumentProxy,
  onProgress: (page: number, pages: number) => void,
  signal: AbortSignal,
): Promise<PrintLayout> {
  const element = document.createElement('div');
  element.className = 'print-layout';
  const urls: string[] = [];
  const sheet = new CSSStyleSheet();
  const dispose = () => {
    element.remove();
    for (const u of urls) URL.revokeObjectURL(u);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      onProgress(n, pdf.numPages);
      const page = await pdf.getPage(n);
      const size = page.getViewport({ scale: 1 });
      if (n === 1) {
        // Points are CSS points, so the sheet is the page's own size; set through the CSSOM, as the CSP allows.
        sheet.replaceSync(`@page { size: ${size.width}pt ${size.height}pt; margin: 0; }`);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      }
      const viewport = page.getViewport({ scale: PRINT_DPI / 72 });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport, intent: 'print' }).promise;
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      canvas.width = canvas.height = 0;
      page.cleanup();
      if (!blob) throw new Error('a page could not be drawn');
      const url = URL.createObjectURL(blob);
      urls.push(url);
      const img = document.createElement('img');
      img.src = url;
      img.alt = '';
      const holder = document.createElement('div');
      holder.className = 'print-page';
      holder.append(img);
      element.append(holder);
    }
    document.body.append(element);
    // Every image decoded before the printer takes the page.
    await Promise.all([...element.querySelectorAll('img')].map((img) => img.decode()));
    return { element, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
