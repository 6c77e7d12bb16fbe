import { OPS, Util, type PDFPageProxy } from 'pdfjs-dist';

/** One painted glyph: what it reads as, and where its advance box lies on the line, in PDF user space. */
export interface Glyph {
  text: string;
  x0: number;
  x1: number;
  y: number;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

interface TextState {
  ctm: Matrix;
  textMatrix: Matrix;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
  leading: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
  fontSize: number;
  fontDirection: number;
  fontMatrix: number[];
}

interface PdfGlyph {
  unicode: string;
  width: number;
  isSpace: boolean;
}

/**
 * Where each glyph of a page is painted, worked out from the page's operators the way
 * pdf.js's canvas paints them (text matrix, font size and matrix, character and word
 * spacing, horizontal scaling, TJ offsets). The text layer cannot say this: it lays each
 * text run out in a fallback font, scaled to the run's width, so on justified lines its
 * letters drift from the painted ones.
 */
export async function pageGlyphs(page: PDFPageProxy): Promise<Glyph[]> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const glyphs: Glyph[] = [];
  const stack: TextState[] = [];
  let s: TextState = {
    ctm: IDENTITY,
    textMatrix: IDENTITY,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
    leading: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    rise: 0,
    fontSize: 0,
    fontDirection: 1,
    fontMatrix: [0.001, 0, 0, 0.001, 0, 0],
  };
  const moveText = (x: number, y: number) => {
    s.x = s.lineX += x;
    s.y = s.lineY += y;
  };
  for (let i = 0; i < fnArray.length; i++) {
    const args = argsArray[i] as unknown[];
    switch (fnArray[i]) {
      case OPS.save:
        stack.push({ ...s });
        break;
      case OPS.restore:
        s = stack.pop() ?? s;
        break;
      case OPS.transform:
        s.ctm = Util.transform(s.ctm, args as Matrix) as Matrix;
        break;
      case OPS.beginText:
        s.textMatrix = IDENTITY;
        s.x = s.lineX = s.y = s.lineY = 0;
        break;
      case OPS.setTextMatrix:
        s.textMatrix = args[0] as Matrix;
        s.x = s.lineX = s.y = s.lineY = 0;
        break;
      case OPS.moveText:
        moveText(args[0] as number, args[1] as number);
        break;
      case OPS.setLeadingMoveText:
        s.leading = args[1] as number;
        moveText(args[0] as number, args[1] as number);
        break;
      case OPS.setLeading:
        s.leading = -(args[0] as number);
        break;
      case OPS.nextLine:
        moveText(0, s.leading);
        break;
      case OPS.setCharSpacing:
        s.charSpacing = args[0] as number;
        break;
      case OPS.setWordSpacing:
        s.wordSpacing = args[0] as number;
        break;
      case OPS.setHScale:
        s.hScale = (args[0] as number) / 100;
        break;
      case OPS.setTextRise:
        s.rise = args[0] as number;
        break;
      case OPS.setFont: {
        const [name, size] = args as [string, number];
        const font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as { fontMatrix?: number[] }) : null;
        s.fontMatrix = font?.fontMatrix ?? [0.001, 0, 0, 0.001, 0, 0];
        s.fontDirection = size < 0 ? -1 : 1;
        s.fontSize = Math.abs(size);
        break;
      }
      case OPS.showText:
        showText(s, args[0] as Array<PdfGlyph | number>, glyphs);
        break;
      default:
        break;
    }
  }
  return glyphs;
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

function showText(s: TextState, run: Array<PdfGlyph | number>, out: Glyph[]): void {
  const hScale = s.hScale * s.fontDirection;
  const advanceScale = s.fontSize * s.fontMatrix[0]!;
  // Text space to user space, as the canvas does: CTM × text matrix × (x, y + rise).
  const toUser = Util.transform(s.ctm, s.textMatrix) as Matrix;
  let x = 0;
  for (const g of run) {
    if (typeof g === 'number') {
      x -= (g * s.fontSize) / 1000;
      continue;
    }
    const spacing = (g.isSpace ? s.wordSpacing : 0) + s.charSpacing;
    const advance = g.width * advanceScale + spacing * s.fontDirection;
    if (g.unicode.trim()) {
      const [ux0, uy] = apply(toUser, s.x + x * hScale, s.y + s.rise);
      const [ux1] = apply(toUser, s.x + (x + g.width * advanceScale) * hScale, s.y + s.rise);
      out.push({ text: g.unicode, x0: Math.min(ux0, ux1), x1: Math.max(ux0, ux1), y: uy });
    }
    x += advance;
  }
  s.x += x * hScale;
}

/**
 * Pairs each character the text layer shows (its spans in order) with the glyph that paints
 * it: both come from the same operators in the same order, so the non-blank characters line
 * up one for one (a ligature glyph stands for all of its letters). Blanks are the text
 * layer's own (spaces pdf.js adds between words) and have no glyph.
 */
export function alignGlyphs(spans: string[], glyphs: Glyph[]): Array<Array<Glyph | null>> {
  const letters: Glyph[] = [];
  for (const g of glyphs) for (const ch of g.text.replace(/\s+/gu, '')) letters.push({ ...g, text: ch });
  let next = 0;
  return spans.map((text) => [...text].map((ch) => (/\s/u.test(ch) ? null : (letters[next++] ?? null))));
}
