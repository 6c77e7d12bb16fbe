import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page as pdf.js reads it (what its viewer finds and copies), one line per item. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item && item.str.trim()) lines.push(item.str);
  }
  await doc.cleanup();
  return lines.join('\n');
}
