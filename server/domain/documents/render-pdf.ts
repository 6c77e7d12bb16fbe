import fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import { lazy } from '../../lazy';
import { longDate } from '../../../contract/dates';

/**
 * Plus Jakarta Sans, the family the app uses, embedded in every document: with a standard
 * PDF font that is not embedded, the reader substitutes another and the spacing goes uneven
 * ("J umlah: R p"). Parsed once per process and handed to pdfkit as a font (it takes a fontkit
 * font as it is): parsing the file for each document cost about 120 ms (bench/payments.ts).
 */
const pdfkit = lazy(async () => {
  // pdfkit and fontkit load with the first document, not with the service (bench/service.ts).
  const [{ default: PDFDocument }, { create }] = await Promise.all([import('pdfkit'), import('fontkit')]);
  const fontOf = (weight: 400 | 700) =>
    create(
      fs.readFileSync(
        createRequire(import.meta.url).resolve(
          `@fontsource/plus-jakarta-sans/files/plus-jakarta-sans-latin-${weight}-normal.woff`,
        ),
      ),
    ) as fontkit.Font;
  return { PDFDocument, regular: fontOf(400), bold: fontOf(700) };
});
const REGULAR = 'PlusJakartaSans';
const BOLD = 'PlusJakartaSans-Bold';

/** Renders a PDF with pdfkit; `userPassword` encrypts it as insurers do for e-policies. */
export async function renderPdf(
  title: string,
  draw: (doc: PDFKit.PDFDocument) => void,
  userPassword?: string,
  /** The document's language, for readers and screen readers. */
  lang: 'id-ID' | 'en-GB' = 'id-ID',
): Promise<Buffer> {
  const { PDFDocument, regular, bold } = await pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: title, Author: 'Portal Nasabah', Subject: title },
    lang,
    ...(userPassword
      ? { userPassword, ownerPassword: `${userPassword}-pemilik`, permissions: { printing: 'highResolution' as const } }
      : {}),
  });
  // pdfkit's types know paths and bytes; its code takes a fontkit font too (PDFFontFactory.open).
  doc.registerFont(REGULAR, regular as unknown as Buffer);
  doc.registerFont(BOLD, bold as unknown as Buffer);
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

/** A line in bold, the text after it regular. */
export const strong = (doc: PDFKit.PDFDocument, text: string) => doc.font(BOLD).text(text).font(REGULAR);

/** A date as an Indonesian document writes it: 17 Agustus 2026. */
export const tanggal = (iso: string) => longDate(iso, 'id');
