import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { en } from '../../renderer/i18n/en';
import { id } from '../../renderer/i18n/id';

/**
 * What a person reads on a screen, checked wherever the end-to-end run takes a screenshot: no ISO or
 * US date, no raw id, no sentence of the other language, nothing wider than the window, and no select
 * too narrow for the choice it shows.
 */

const leaves = (o: unknown): string[] =>
  typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(leaves) : [];

/** The fixed parts of a language's texts (between its {{values}}), long enough to be its own. */
function fragments(texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts)
    for (const part of text.split(/\{\{[^}]*\}\}|\n/u)) {
      const p = part.trim();
      if (p.length >= 14) out.add(p);
    }
  return out;
}
const ID_TEXTS = leaves(id);
const EN_TEXTS = leaves(en);
/** A fragment of one language that the other never writes: seeing it on the other's screen is a slip. */
const onlyIn = (mine: string[], theirs: string[]) => {
  const other = theirs.join('\n');
  return [...fragments(mine)].filter((f) => !other.includes(f));
};
const ONLY = { id: onlyIn(ID_TEXTS, EN_TEXTS), en: onlyIn(EN_TEXTS, ID_TEXTS) };

/**
 * The screen's text as a person reads it, one line per piece of text shown: not the choices of a
 * closed select, and not the documents' own words (a PDF's pages, a chat, the map's tiles).
 */
const READ_TEXT = `(() => {
  const skip = '.pdfViewer, .print-layout, .chat, .leaflet-container, select, script, style, [hidden]';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => {
      const el = n.parentElement;
      if (!el || el.closest(skip) || !el.checkVisibility()) return NodeFilter.FILTER_REJECT;
      return n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  const lines = [];
  while (walker.nextNode()) lines.push(walker.currentNode.textContent.trim());
  return lines.join('\\n');
})()`;

/** Inputs the check reads the width of: selects, with the text they show and the room they have. */
const SELECTS = `(() => {
  const canvas = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('select')].filter((s) => s.offsetParent !== null).map((s) => {
    const cs = getComputedStyle(s);
    canvas.font = cs.font;
    const shown = s.selectedOptions[0]?.text ?? '';
    // Chromium gives the arrow 20 px beside the padding (measured on a select sized to its text).
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
    const name = s.labels?.[0]?.textContent || s.getAttribute('aria-label') || s.name;
    return { name, shown, need: canvas.measureText(shown).width, room };
  });
})()`;

export interface ScreenProblems {
  isoDates: string[];
  usDates: string[];
  rawIds: string[];
  otherLanguage: string[];
  horizontalScroll: boolean;
  clippedSelects: string[];
}

export async function screenProblems(page: Page): Promise<ScreenProblems> {
  const text = (await page.evaluate(READ_TEXT)) as string;
  const lang = ((await page.evaluate('document.documentElement.lang')) as string) === 'en' ? 'en' : 'id';
  const other = lang === 'en' ? ONLY.id : ONLY.en;
  const selects = (await page.evaluate(SELECTS)) as Array<{ name: string; shown: string; need: number; room: number }>;
  const scroll = (await page.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth + 1',
  )) as boolean;
  return {
    isoDates: text.match(/\b\d{4}-\d{2}-\d{2}\b/gu) ?? [],
    usDates: text.match(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/gu) ?? [],
    // A resource id (the service's are 22 random base64url characters) where a name or number belongs;
    // a file's path (shown to a branch's IT staff) is no id.
    rawIds: text
      .split(/\s+/u)
      .filter((w) => !/[/\\]/u.test(w) && /^[A-Za-z0-9_-]{16,}$/u.test(w))
      .filter((w) => /\d/u.test(w) && /[a-z]/u.test(w) && /[A-Z]/u.test(w)),
    otherLanguage: other.filter((f) => text.includes(f)),
    horizontalScroll: scroll,
    clippedSelects: selects.filter((s) => s.need > s.room + 1).map((s) => `${s.name}: ${s.shown}`),
  };
}

/** A screen with nothing wrong to read. */
export const NO_PROBLEMS: ScreenProblems = {
  isoDates: [],
  usDates: [],
  rawIds: [],
  otherLanguage: [],
  horizontalScroll: false,
  clippedSelects: [],
};

/** Fails on anything a person should not read on this screen. */
export async function expectReadableScreen(page: Page, screen: string): Promise<void> {
  expect(await screenProblems(page), `what a person reads on ${screen}`).toEqual(NO_PROBLEMS);
}
