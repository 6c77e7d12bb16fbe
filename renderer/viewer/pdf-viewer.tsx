import 'pdfjs-dist/web/pdf_viewer.css';
import { GlobalWorkerOptions, PasswordResponses, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import { EventBus, PDFFindController, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import {
  ChevronDown,
  ChevronUp,
  CornerDownLeft,
  Maximize,
  MoveHorizontal,
  Printer,
  Search,
  ZoomIn,
  ZoomOut,
} from 'lucide-react';
import { ToolButton } from '../components/tool-button';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { installFindMarks } from './find-marks';
import { buildPrintLayout } from './print-layout';
import { pdfWorker } from './pdf-worker';

interface OutlineItem {
  title: string;
  dest: unknown;
  items: OutlineItem[];
}

/**
 * The document reader, on pdf.js's own viewer components: only the visible pages are
 * rendered (pdf.js keeps a small page buffer), parsing runs in the worker, no
 * scripting manager is attached, and links leave only as https through the main process.
 */
export function PdfViewer(props: {
  data: ArrayBuffer;
  title: string;
  openExternal: (url: string) => void;
  /** Prints the page's print layout (through the main process); absent where printing is not allowed. */
  onPrint?: () => Promise<void>;
  /** More buttons for the toolbar, such as saving a copy. */
  tools?: ReactNode;
}) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<PDFViewer | null>(null);
  const linkRef = useRef<PDFLinkService | null>(null);
  const busRef = useRef<EventBus | null>(null);
  const docRef = useRef<PDFDocumentProxy | null>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const [printing, setPrinting] = useState<{ page: number; pages: number } | null>(null);
  const [printFailed, setPrintFailed] = useState(false);
  const [page, setPage] = useState(1);
  const [pages, setPages] = useState(0);
  const [goTo, setGoTo] = useState('');
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ current: number; total: number } | null>(null);
  const [outline, setOutline] = useState<OutlineItem[]>([]);
  const [password, setPassword] = useState<{ retry: boolean; submit: (p: string) => void } | null>(null);
  const [typed, setTyped] = useState('');
  const [failed, setFailed] = useState(false);
  const openExternal = props.openExternal;

  useEffect(() => {
    const container = containerRef.current!;
    const eventBus = new EventBus();
    const linkService = new PDFLinkService({ eventBus });
    const findController = new PDFFindController({ eventBus, linkService });
    const viewer = new PDFViewer({ container, eventBus, linkService, findController, textLayerMode: 1 });
    linkService.setViewer(viewer);
    viewerRef.current = viewer;
    linkRef.current = linkService;
    busRef.current = eventBus;
    // Every handler is named here, so the teardown takes each one off again.
    const listeners: Array<[string, (e: never) => void]> = [];
    const on = <E,>(name: string, handler: (e: E) => void) => {
      eventBus.on(name, handler);
      listeners.push([name, handler as (e: never) => void]);
    };
    let disposed = false;
    /** The viewer holds the document, and has finished reading its page list. */
    let shown = false;
    let pagesReady = false;
    let stopMarks: (() => void) | null = null;
    // Between the reader leaving the page and this effect's teardown, pdf.js must not lay out
    // (or scroll) a container that is no longer there.
    const gone = () => disposed || !container.isConnected;
    on('pagesinit', () => {
      if (gone()) return;
      viewer.currentScaleValue = 'page-width';
      setPages(viewer.pagesCount);
    });
    on('pagechanging', (e: { pageNumber: number }) => setPage(e.pageNumber));
    on('pagesloaded', () => {
      pagesReady = true;
    });
    // A User Timing mark when the first page is painted: `npm run bench -- documents` reads it.
    const onRendered = (e: { pageNumber: number }) => {
      if (e.pageNumber !== 1) return;
      performance.mark('pdf-first-page');
      eventBus.off('pagerendered', onRendered);
    };
    on('pagerendered', onRendered);
    const onCount = (e: { matchesCount?: { current: number; total: number } }) => {
      if (e.matchesCount) setMatches(e.matchesCount);
    };
    on('updatefindmatchescount', onCount);
    on('updatefindcontrolstate', onCount);
    // Links inside a PDF: https leaves through the main process; nothing else navigates.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as HTMLElement).closest('a');
      if (!a) return;
      const href = a.getAttribute('href') ?? '';
      if (href.startsWith('#')) return;
      e.preventDefault();
      if (/^https:\/\//u.test(href)) openExternal(href);
    };
    container.addEventListener('click', onClick);
    // The frame narrows when the outline appears or the window shrinks: a fitted zoom fits again.
    const resized = new ResizeObserver(() => {
      if (gone()) return;
      const fit = viewer.currentScaleValue;
      if (viewer.pagesCount > 0 && (fit === 'page-width' || fit === 'page-fit')) viewer.currentScaleValue = fit;
    });
    resized.observe(container);

    GlobalWorkerOptions.workerPort ??= pdfWorker();
    // pdf.js takes the buffer over, so it gets a copy of its own.
    const task = getDocument({
      data: new Uint8Array(props.data.slice(0)),
      enableXfa: false,
      // Served beside the app (see vite.renderer.config.ts), so the text layer matches the glyphs.
      standardFontDataUrl: new URL('standard_fonts/', document.baseURI).href,
    });
    task.onPassword = (update: (p: string) => void, reason: number) => {
      if (!disposed) setPassword({ retry: reason === PasswordResponses.INCORRECT_PASSWORD, submit: update });
    };
    task.promise.then(
      async (pdf) => {
        if (gone()) return;
        docRef.current = pdf;
        const items = ((await pdf.getOutline()) ?? []) as OutlineItem[];
        // The reader may have been closed while the outline was read: nothing goes to a viewer that is gone.
        if (gone()) return;
        // The outline takes its place before the pages are laid out, so the first page is fitted once.
        flushSync(() => {
          setPassword(null);
          setOutline(items);
        });
        viewer.setDocument(pdf);
        linkService.setDocument(pdf, null);
        stopMarks = installFindMarks(viewer, eventBus, pdf);
        shown = true;
      },
      () => {
        if (!disposed) setFailed(true);
      },
    );
    return () => {
      disposed = true;
      docRef.current = null;
      for (const [name, handler] of listeners) eventBus.off(name, handler);
      stopMarks?.();
      resized.disconnect();
      container.removeEventListener('click', onClick);
      // Destroying the loading task destroys its document and the worker's copy. While pdf.js
      // is still reading the page list it must not be pulled away (every page would fail
      // loudly): the release waits for the list, which pdf.js finishes within seconds.
      const release = () => {
        if (shown) {
          viewer.setDocument(null as unknown as PDFDocumentProxy);
          linkService.setDocument(null, null);
        }
        void task.destroy();
      };
      if (shown && !pagesReady) eventBus.on('pagesloaded', release, { once: true });
      else release();
    };
  }, [props.data, openExternal]);

  // The reader's keys, as in pdf.js's own viewer: Ctrl+F (Cmd+F) goes to the viewer's own
  // find field, Ctrl +/−/0 zoom, Ctrl+P prints; N/J and P/K (outside a field) turn pages.
  const keyActions = useRef<{ zoom(v: string | number): void; go(n: number): void; print?(): void; page: number }>(
    null,
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = keyActions.current;
      const mod = (e.ctrlKey || e.metaKey) && !e.altKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'f') {
        e.preventDefault();
        findRef.current?.focus();
        findRef.current?.select();
        return;
      }
      if (!a) return;
      if (mod && (key === '=' || key === '+')) a.zoom(1.2);
      else if (mod && key === '-') a.zoom(1 / 1.2);
      else if (mod && key === '0') a.zoom('page-fit');
      else if (mod && key === 'p' && a.print) a.print();
      else if (!mod && !e.altKey && !(e.target instanceof HTMLInputElement)) {
        if (key === 'n' || key === 'j') a.go(a.page + 1);
        else if (key === 'p' || key === 'k') a.go(a.page - 1);
        else return;
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const printAbort = useRef<AbortController | null>(null);
  useEffect(() => () => printAbort.current?.abort(), []);
  const print = async () => {
    const pdf = docRef.current;
    if (!pdf || !props.onPrint || printing) return;
    const abort = new AbortController();
    printAbort.current = abort;
    setPrinting({ page: 0, pages: pdf.numPages });
    setPrintFailed(false);
    try {
      const layout = await buildPrintLayout(pdf, (page, pages) => setPrinting({ page, pages }), abort.signal);
      try {
        await props.onPrint();
      } finally {
        layout.dispose();
      }
    } catch {
      // Leaving the document while preparing is no failure; a page that cannot be drawn is.
      if (!abort.signal.aborted) setPrintFailed(true);
    } finally {
      if (!abort.signal.aborted) setPrinting(null);
    }
  };

  const find = (again: boolean) =>
    busRef.current?.dispatch('find', {
      source: null,
      type: again ? 'again' : '',
      query,
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious: false,
      matchDiacritics: false,
    });
  const zoom = (value: string | number) => {
    const v = viewerRef.current;
    if (!v) return;
    if (typeof value === 'number') v.currentScale = Math.min(4, Math.max(0.25, v.currentScale * value));
    else v.currentScaleValue = value;
  };
  const go = (n: number) => {
    if (viewerRef.current && n >= 1 && n <= pages) viewerRef.current.currentPageNumber = n;
  };
  keyActions.current = { zoom, go, page, ...(props.onPrint ? { print: () => void print() } : {}) };

  if (failed) {
    return (
      <p role="alert" className="error">
        {t('viewer.broken')}
      </p>
    );
  }
  return (
    <section className="reader" aria-label={props.title}>
      {password && (
        <form
          className="password-prompt"
          onSubmit={(e) => {
            e.preventDefault();
            password.submit(typed);
            setTyped('');
          }}
        >
          <label htmlFor="pdf-password">{t('viewer.passwordPrompt')}</label>
          <input id="pdf-password" type="password" value={typed} onChange={(e) => setTyped(e.target.value)} />
          {password.retry && (
            <p role="alert" className="field-error">
              {t('viewer.passwordWrong')}
            </p>
          )}
          <button type="submit">{t('viewer.open')}</button>
        </form>
      )}
      <div className="toolbar" role="toolbar" aria-label={t('viewer.tools')}>
        <ToolButton
          label={t('viewer.previous')}
          icon={<ChevronUp size={18} aria-hidden="true" />}
          onClick={() => go(page - 1)}
          disabled={page <= 1}
          shortcut={{ keys: 'P', shown: 'P' }}
        />
        <ToolButton
          label={t('viewer.next')}
          icon={<ChevronDown size={18} aria-hidden="true" />}
          onClick={() => go(page + 1)}
          disabled={page >= pages}
          shortcut={{ keys: 'N', shown: 'N' }}
        />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            go(Number(goTo));
          }}
        >
          <label htmlFor="go-to-page" className="sr-only">
            {t('viewer.goTo')}
          </label>
          <input
            id="go-to-page"
            inputMode="numeric"
            value={goTo}
            placeholder={String(page)}
            onChange={(e) => setGoTo(e.target.value.replace(/\D/gu, ''))}
            size={4}
          />
          <ToolButton type="submit" label={t('viewer.go')} icon={<CornerDownLeft size={16} aria-hidden="true" />} />
        </form>
        <span aria-live="polite" data-testid="page-of" className="page-of">
          {/* Before a document is open (a password asked) there is no page to count. */}
          {pages > 0 ? t('viewer.pageOf', { page, pages }) : ''}
        </span>
        <span className="separator" aria-hidden="true" />
        <ToolButton
          label={t('viewer.zoomOut')}
          icon={<ZoomOut size={18} aria-hidden="true" />}
          onClick={() => zoom(1 / 1.2)}
          shortcut={{ keys: 'Control+-', shown: 'Ctrl −' }}
        />
        <ToolButton
          label={t('viewer.zoomIn')}
          icon={<ZoomIn size={18} aria-hidden="true" />}
          onClick={() => zoom(1.2)}
          shortcut={{ keys: 'Control+=', shown: 'Ctrl +' }}
        />
        <ToolButton
          label={t('viewer.fitWidth')}
          icon={<MoveHorizontal size={18} aria-hidden="true" />}
          onClick={() => zoom('page-width')}
        />
        <ToolButton
          label={t('viewer.fitPage')}
          icon={<Maximize size={18} aria-hidden="true" />}
          onClick={() => zoom('page-fit')}
          shortcut={{ keys: 'Control+0', shown: 'Ctrl 0' }}
        />
        <span className="separator" aria-hidden="true" />
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            find(matches !== null);
          }}
        >
          <label htmlFor="find" className="sr-only">
            {t('viewer.find')}
          </label>
          <input
            id="find"
            ref={findRef}
            type="search"
            placeholder={t('viewer.find')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setMatches(null);
            }}
          />
          <ToolButton
            type="submit"
            label={t('viewer.findNext')}
            icon={<Search size={16} aria-hidden="true" />}
            shortcut={{ keys: 'Enter', shown: 'Enter' }}
          />
          <span aria-live="polite" data-testid="matches">
            {matches ? t('viewer.matches', { current: matches.current, total: matches.total }) : ''}
          </span>
        </form>
        <span className="toolbar-end">
          {props.onPrint && (
            <ToolButton
              label={t('viewer.print')}
              icon={<Printer size={18} aria-hidden="true" />}
              onClick={() => void print()}
              disabled={pages === 0 || printing !== null}
              shortcut={{ keys: 'Control+P', shown: 'Ctrl P' }}
            />
          )}
          {props.tools}
        </span>
      </div>
      {printing && (
        <p role="status" className="busy">
          <progress max={printing.pages} value={printing.page} aria-label={t('viewer.print')} />{' '}
          {t('viewer.preparingPrint', printing)}
        </p>
      )}
      {printFailed && (
        <p role="alert" className="error">
          {t('errors.print_failed')}
        </p>
      )}
      <div className="reader-body">
        {outline.length > 0 && (
          <nav className="outline" aria-label={t('viewer.outline')}>
            <ul>
              {outline.map((item, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => void linkRef.current?.goToDestination(item.dest as string)}
                  >
                    {item.title}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="pdf-frame">
          <div ref={containerRef} className="pdf-container" tabIndex={0} aria-label={t('viewer.pages')}>
            <div className="pdfViewer" />
          </div>
        </div>
      </div>
    </section>
  );
}
