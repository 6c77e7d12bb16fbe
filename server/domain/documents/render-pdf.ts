import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Plus Jakarta Sans, the family the app uses, embedded in every document: with a standard
 * PDF font that is not embedded, the reader substitutes another and the spacing goes uneven.
 */
const fontFile = (weight: 400 | 700) =>
  createRequire(import.meta.url).resolve(
    `@fontsource/plus-jakarta-sans/files/plus-jakarta-sans-latin-${weight}-normal.woff`,
  );
const REGULAR = 'PlusJakartaSans';
const BOLD = 'PlusJakartaSans-Bold';

/**
 * Renders a PDF with pdfkit; `userPassword` encrypts it as insurers do for e-policies.
 * `standardFonts` uses Helvetica, which every PDF reader has with its exact metrics, for
 * documents made while someone waits (a receipt in its booking transaction): parsing and
 * subsetting the embedded family costs about 120 ms a document (bench/payments.ts).
 */
export function renderPdf(
  title: string,
  draw: (doc: PDFKit.PDFDocument) => void,
  userPassword?: string,
  { standardFonts = false }: { standardFonts?: boolean } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: title, Author: 'Portal Nasabah', Subject: title },
    lang: 'id-ID',
    ...(userPassword
      ? { userPassword, ownerPassword: `${userPassword}-pemilik`, permissions: { printing: 'highResolution' as const } }
      : {}),
  });
  doc.registerFont(REGULAR, standardFonts ? 'Helvetica' : fontFile(400));
  doc.registerFont(BOLD, standardFonts ? 'Helvetica-Bold' : fontFile(700));
  doc.font(REGULAR);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

export const heading = (doc: PDFKit.PDFDocument, text: string) =>
  doc.fontSize(18).font(BOLD).text(text).moveDown(0.5).font(REGULAR).fontSize(11);
export const row = (doc: PDFKit.PDFDocument, label: string, value: string) =>
  doc.font(BOLD).text(`${label}: `, { continued: true }).font(REGULAR).text(value);

/** A date as an Indonesian document writes it: 17 Agustus 2026. */
export const tanggal = (iso: string) =>
  new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
