import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

/** Real files a claimant would send, and the hostile ones the upload rules refuse. */

export async function plainPdf(text = 'Kuitansi Rumah Sakit', pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++)
    doc.addPage([595, 842]).drawText(`${text} ${i + 1}`, { x: 50, y: 780, font, size: 18 });
  return Buffer.from(await doc.save());
}

/** A PDF whose opening runs JavaScript; packed in object streams unless `plain`. */
export async function pdfWithJavaScript(o: { plain?: boolean; escapedName?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const action = doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("hai")') });
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
  let bytes = Buffer.from(await doc.save({ useObjectStreams: !o.plain && !o.escapedName }));
  if (o.escapedName) {
    // `/JavaScript` and `/JS` written with #-escapes, which a text search for "/JavaScript" misses.
    bytes = Buffer.from(
      bytes.toString('latin1').replaceAll('/JavaScript', '/J#61vaScript').replaceAll('/JS ', '/J#53 '),
      'latin1',
    );
  }
  return bytes;
}

export async function pdfWithAttachment(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  await doc.attach(Buffer.from('MZ not really a program'), 'setup.exe', { mimeType: 'application/octet-stream' });
  return Buffer.from(await doc.save());
}

export async function pdfWithLaunchAction(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const action = doc.context.obj({ S: 'Launch', F: PDFString.of('cmd.exe') });
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
  return Buffer.from(await doc.save());
}

/** A phone photo: a JPEG with EXIF, GPS and a camera's orientation flag. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Kamera Ponsel', Model: 'Contoh 1', Copyright: 'Budi' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '6/1 10/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 49/1 0/1' },
    })
    .toBuffer();
}

export async function plainPng(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 4, background: '#2a7' } })
    .png()
    .toBuffer();
}

/** A PNG signature and header, then noise: it claims to be an image and is none. */
export function brokenPng(): Buffer {
  const head = Buffer.from('89504e470d0a1a0a0000000d49484452000001000000010008060000001f15c489', 'hex');
  return Buffer.concat([head, Buffer.alloc(512, 0x5a)]);
}

/** The start of a Windows program (MZ, then a PE header), named .pdf by whoever sends it. */
export function windowsProgram(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84);
  return b;
}

/** The EICAR test string: harmless, and every virus scanner reports it. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * A PDF whose catalog is defined twice: the cross-reference table points at the first copy,
 * which opens with an action (JavaScript by default), while the last copy in the file is
 * clean. A parser that reads objects in file order and keeps the last sees nothing; the
 * viewer, which follows the cross-reference table, runs the first.
 */
export function pdfWithShadowedCatalog(openAction = '<< /S /JavaScript /JS (app.alert\\(1\\)) >>'): Buffer {
  const parts: string[] = ['%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n'];
  const offsets: number[] = [];
  const at = () => Buffer.byteLength(parts.join(''), 'latin1');
  const obj = (text: string) => {
    const offset = at();
    parts.push(text);
    return offset;
  };
  const active = obj(`1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction ${openAction} >>\nendobj\n`);
  offsets[2] = obj('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  offsets[3] = obj('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n');
  obj('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  offsets[1] = active;
  const xref = at();
  const line = (n: number) => `${String(n).padStart(10, '0')} 00000 n \n`;
  parts.push(`xref\n0 4\n0000000000 65535 f \n${line(offsets[1]!)}${line(offsets[2]!)}${line(offsets[3]!)}`);
  parts.push(`trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.from(parts.join(''), 'latin1');
}
