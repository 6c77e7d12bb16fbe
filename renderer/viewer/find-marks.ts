import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { EventBus, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { alignGlyphs, pageGlyphs, type Glyph } from './glyph-geometry';

interface PageViewLike {
  div: HTMLElement;
  viewport: { convertToViewportPoint(x: number, y: number): number[] };
}

/**
 * Find highlights drawn where the glyphs are painted. pdf.js marks a match inside its text
 * layer, whose letters are laid out in a fallback font and stretched over the whole run: on a
 * justified line they sit several letters away from the words on the page. pdf.js's own marks
 * stay (they carry the text, for screen readers and tests) but are made transparent; these
 * boxes take their lines' height from them and their ends from the painted glyphs.
 */
export function installFindMarks(viewer: PDFViewer, eventBus: EventBus, pdf: PDFDocumentProxy): () => void {
  const glyphs = new Map<number, Promise<Glyph[]>>();
  const pending = new Set<number>();
  let disposed = false;
  let timer: number | undefined;

  const glyphsOf = (pageNumber: number) => {
    let known = glyphs.get(pageNumber);
    if (!known) {
      known = pdf.getPage(pageNumber).then(pageGlyphs);
      glyphs.set(pageNumber, known);
    }
    return known;
  };

  /** Passes per page: a pass that waited for glyphs while a newer one began leaves the page to it. */
  const passes = new Map<number, number>();

  async function mark(pageNumber: number): Promise<void> {
    const pass = (passes.get(pageNumber) ?? 0) + 1;
    passes.set(pageNumber, pass);
    const view = viewer.getPageView(pageNumber - 1) as unknown as PageViewLike | undefined;
    const layer = view?.div.querySelector<HTMLElement>('.textLayer');
    view?.div.querySelector('.find-marks')?.remove();
    if (!view || !layer) return;
    const found = [...layer.querySelectorAll<HTMLElement>('.highlight')];
    if (found.length === 0) return;

    // Every character the text layer shows, in order, with the glyph that paints it.
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) nodes.push(walker.currentNode as Text);
    const aligned = alignGlyphs(
      nodes.map((n) => n.data),
      await glyphsOf(pageNumber),
    );
    if (disposed || !layer.isConnected || passes.get(pageNumber) !== pass) return;

    const box = layer.getBoundingClientRect();
    const marks = document.createElement('div');
    marks.className = 'find-marks';
    marks.setAttribute('aria-hidden', 'true');
    for (const el of found) {
      const painted = nodes.flatMap((n, i) =>
        el.contains(n) ? aligned[i]!.filter((g): g is Glyph => g !== null) : [],
      );
      if (painted.length === 0) continue;
      const xs = painted.flatMap((g) => [
        view.viewport.convertToViewportPoint(g.x0, g.y)[0]!,
        view.viewport.convertToViewportPoint(g.x1, g.y)[0]!,
      ]);
      const line = el.getBoundingClientRect();
      const m = document.createElement('div');
      m.className = el.classList.contains('selected') ? 'find-mark selected' : 'find-mark';
      m.style.left = `${Math.min(...xs)}px`;
      m.style.width = `${Math.max(...xs) - Math.min(...xs)}px`;
      m.style.top = `${line.top - box.top}px`;
      m.style.height = `${line.height}px`;
      marks.append(m);
    }
    layer.before(marks);
  }

  // After pdf.js's own listeners have updated the text layer.
  const schedule = (pageNumber: number | null) => {
    if (pageNumber === null) {
      for (let i = 1; i <= viewer.pagesCount; i++) {
        if (viewer.getPageView(i - 1)?.div.querySelector('.textLayer')) pending.add(i);
      }
    } else pending.add(pageNumber);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const pages = [...pending];
      pending.clear();
      for (const p of pages) if (!disposed) void mark(p);
    }, 0);
  };
  const onMatches = (e: { pageIndex: number }) => schedule(e.pageIndex < 0 ? null : e.pageIndex + 1);
  const onRendered = (e: { pageNumber: number }) => schedule(e.pageNumber);
  eventBus.on('updatetextlayermatches', onMatches);
  eventBus.on('textlayerrendered', onRendered);
  return () => {
    disposed = true;
    window.clearTimeout(timer);
    eventBus.off('updatetextlayermatches', onMatches);
    eventBus.off('textlayerrendered', onRendered);
  };
}
