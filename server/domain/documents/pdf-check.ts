/**
 * Is this really a PDF? It must start with the PDF header and parse as one; the page
 * count comes from the parse. Password-protected files parse too (their structure
 * is not encrypted).
 */
export async function inspectPdf(bytes: Buffer): Promise<{ pageCount: number; encrypted: boolean } | null> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return null;
  // Loaded with the first document (bench/service.ts); outside the try: a missing package is no "not a PDF".
  const { PDFDocument } = await import('pdf-lib');
  try {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    return { pageCount: doc.getPageCount(), encrypted: doc.isEncrypted };
  } catch {
    return null;
  }
}
