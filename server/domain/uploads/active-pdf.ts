import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, type PDFObject } from 'pdf-lib';

/** What makes a PDF active rather than a document: each refused (api-v1.md, Uploads). */
export type ActiveContent = 'javascript' | 'embedded_file' | 'launch_action' | 'xfa_form' | 'rich_media';

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

export type PdfVerdict =
  | { ok: true; pageCount: number }
  | { ok: false; reason: 'pdf_unreadable' | 'pdf_encrypted' }
  | { ok: false; reason: 'pdf_active_content'; found: ActiveContent[] };

/**
 * Parses the PDF (pdf-lib: names arrive decoded, object streams unpacked, so `/J#53`
 * or a script inside a compressed object stream is found as surely as a plain one)
 * and walks every object it holds for scripts, embedded files, launch actions, XFA and
 * rich media. An encrypted file is refused: nobody at the insurer could read it.
 */
export async function inspectUploadedPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    return { ok: false, reason: 'pdf_unreadable' };
  }
  if (doc.isEncrypted) return { ok: false, reason: 'pdf_encrypted' };
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
    for (const [, value] of obj.entries()) walk(value);
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) walk(obj);
  walk(doc.context.trailerInfo.Root);
  if (found.size > 0) return { ok: false, reason: 'pdf_active_content', found: [...found].sort() };
  let pageCount: number;
  try {
    pageCount = doc.getPageCount();
  } catch {
    return { ok: false, reason: 'pdf_unreadable' };
  }
  if (pageCount === 0) return { ok: false, reason: 'pdf_unreadable' };
  return { ok: true, pageCount };
}
