import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFContext,
  type PDFObject,
} from 'pdf-lib';

/** What makes a PDF active rather than a document: each refused (api-v1.md, Uploads). */
export type ActiveContent =
  'javascript' | 'embedded_file' | 'launch_action' | 'xfa_form' | 'rich_media' | 'open_action';

const KEYS: Array<[string, ActiveContent]> = [
  ['JS', 'javascript'],
  ['JavaScript', 'javascript'],
  ['EmbeddedFile', 'embedded_file'],
  ['EmbeddedFiles', 'embedded_file'],
  ['EF', 'embedded_file'],
  ['XFA', 'xfa_form'],
  ['RichMedia', 'rich_media'],
  ['RichMediaContent', 'rich_media'],
];
const ACTION_TYPES: Array<[string, ActiveContent]> = [
  ['JavaScript', 'javascript'],
  ['Launch', 'launch_action'],
  ['RichMediaExecute', 'rich_media'],
];
/**
 * Actions a document may not run by itself on opening (its catalog's `/OpenAction`, the
 * additional actions of the document or a page): a form sent, a page of the web or another
 * file opened, data imported (scripts and launches are refused wherever they are, by name).
 * A link the person clicks is another matter.
 */
const OPENING_REFUSED = new Set(['SubmitForm', 'URI', 'GoToE', 'GoToR', 'ImportData']);

export type PdfVerdict =
  | { ok: true; pageCount: number }
  | { ok: false; reason: 'pdf_unreadable' | 'pdf_encrypted' }
  | { ok: false; reason: 'pdf_active_content'; found: ActiveContent[] };

/**
 * Every object the file defines, each copy of it: a parser keeps the last copy of an object
 * defined twice, while a viewer follows the cross-reference table, which may point at another.
 * So every copy is looked at, not only the one pdf-lib keeps.
 */
async function everyObject(bytes: Uint8Array): Promise<{ context: PDFContext; copies: PDFObject[] }> {
  const parser = PDFParser.forBytesWithOptions(bytes, Infinity, true);
  const copies: PDFObject[] = [];
  const context = (parser as unknown as { context: PDFContext }).context;
  const assign = context.assign.bind(context);
  context.assign = (ref: PDFRef, object: PDFObject) => {
    copies.push(object);
    assign(ref, object);
  };
  await parser.parseDocument();
  return { context, copies };
}

/** The action types of an action and of the ones it chains (`/Next`), as names. */
function actionTypes(context: PDFContext, action: PDFObject | undefined, seen = new Set<PDFObject>()): string[] {
  const obj = action instanceof PDFRef ? context.lookup(action) : action;
  if (!obj || seen.has(obj)) return [];
  seen.add(obj);
  if (obj instanceof PDFArray) return obj.asArray().flatMap((a) => actionTypes(context, a, seen));
  if (!(obj instanceof PDFDict)) return [];
  const s = obj.get(PDFName.of('S'));
  const own = s instanceof PDFName ? [s.decodeText()] : [];
  return [...own, ...actionTypes(context, obj.get(PDFName.of('Next')), seen)];
}

/** Actions that run by themselves: the catalog's opening action, and the additional actions of the document and its pages. */
function openingActions(context: PDFContext, dict: PDFDict): string[] {
  const type = dict.get(PDFName.of('Type'));
  const found: string[] = [];
  if (type === PDFName.of('Catalog')) {
    const open = dict.get(PDFName.of('OpenAction'));
    const resolved = open instanceof PDFRef ? context.lookup(open) : open;
    // An array is a destination (a page to show first): harmless.
    if (resolved instanceof PDFDict) found.push(...actionTypes(context, resolved));
  }
  if (type === PDFName.of('Catalog') || type === PDFName.of('Page')) {
    const aa = dict.get(PDFName.of('AA'));
    const additional = aa instanceof PDFRef ? context.lookup(aa) : aa;
    if (additional instanceof PDFDict) for (const [, a] of additional.entries()) found.push(...actionTypes(context, a));
  }
  return found;
}

/**
 * pdf.js — the app's own viewer — reads the file as it will show it: scripts it would run
 * and files it would offer. What it sees decides too, so that no trick of the file's
 * structure shows one parser a clean document and the viewer an active one.
 */
async function viewerSees(bytes: Uint8Array): Promise<{ found: ActiveContent[]; pageCount: number } | 'unreadable'> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    data: new Uint8Array(bytes),
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const found: ActiveContent[] = [];
    if (await doc.hasJSActions()) found.push('javascript');
    const attachments = (await doc.getAttachments()) as Record<string, unknown> | null;
    if (attachments && Object.keys(attachments).length > 0) found.push('embedded_file');
    return { found, pageCount: doc.numPages };
  } catch {
    return 'unreadable';
  } finally {
    await task.destroy();
  }
}

/**
 * Parses the PDF (pdf-lib: names arrive decoded, object streams unpacked, so `/J#53`
 * or a script inside a compressed object stream is found as surely as a plain one)
 * and walks every copy of every object it holds for scripts, embedded files, launch
 * actions, XFA, rich media and actions run on opening; then asks the viewer's own parser.
 * An encrypted file is refused: nobody at the insurer could read it.
 */
export async function inspectUploadedPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  let parsed: Awaited<ReturnType<typeof everyObject>>;
  try {
    parsed = await everyObject(bytes);
  } catch {
    return { ok: false, reason: 'pdf_unreadable' };
  }
  const { context, copies } = parsed;
  if (context.lookup(context.trailerInfo.Encrypt)) return { ok: false, reason: 'pdf_encrypted' };
  const found = new Set<ActiveContent>();
  const seen = new Set<PDFObject>();
  const walk = (obj: PDFObject | undefined): void => {
    if (obj === undefined || seen.has(obj)) return;
    seen.add(obj);
    if (obj instanceof PDFStream || obj instanceof PDFRawStream) return walk(obj.dict);
    if (obj instanceof PDFArray) {
      for (const item of obj.asArray()) walk(item);
      return;
    }
    if (!(obj instanceof PDFDict)) return;
    for (const [key, what] of KEYS) if (obj.has(PDFName.of(key))) found.add(what);
    const action = obj.get(PDFName.of('S'));
    if (action instanceof PDFName) {
      for (const [name, what] of ACTION_TYPES) if (action === PDFName.of(name)) found.add(what);
    }
    const type = obj.get(PDFName.of('Type'));
    if (type === PDFName.of('Filespec') && obj.has(PDFName.of('EF'))) found.add('embedded_file');
    if (openingActions(context, obj).some((a) => OPENING_REFUSED.has(a))) found.add('open_action');
    for (const [, value] of obj.entries()) walk(value);
  };
  for (const obj of copies) walk(obj);
  walk(context.trailerInfo.Root);
  const viewer = await viewerSees(bytes);
  if (viewer === 'unreadable') return { ok: false, reason: 'pdf_unreadable' };
  for (const what of viewer.found) found.add(what);
  if (found.size > 0) return { ok: false, reason: 'pdf_active_content', found: [...found].sort() };
  // The pages the viewer will show.
  if (viewer.pageCount <= 0) return { ok: false, reason: 'pdf_unreadable' };
  return { ok: true, pageCount: viewer.pageCount };
}
