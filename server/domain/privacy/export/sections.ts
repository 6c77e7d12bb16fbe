import type { Readable } from 'node:stream';
import type { Principal } from '../../identity/sessions';

/** What a section hands the ZIP: its JSON, and the files it brings (opened one at a time, as written). */
export interface ExportSink {
  json(name: string, data: unknown): void;
  file(path: string, open: () => Promise<Readable>): void;
}

/**
 * One area's part of a copy of a person's data (complaints-privacy.md): the area reads it as
 * the person would (its own visibility rules), so an export holds nothing the person could not
 * see. Each area registers its section where it is built (server/areas/*.ts).
 */
export interface ExportSection {
  /** The section's key: its JSON file is `<key>.json`, its files under `<key>/`. */
  key: string;
  /** How it is named in the summary PDF. */
  title: { id: string; en: string };
  /** Writes the section; answers how many items it holds (the summary's count). */
  collect(p: Principal, sink: ExportSink): Promise<number>;
}

/** Every page of a cursor-paged read, in order. */
export async function allPages<T>(
  read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** A name safe inside a ZIP on every system: no folders, no odd characters, not too long. */
export function zipName(name: string): string {
  const clean = [...name]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+/u, '_')
    .slice(-120);
  return clean || 'file';
}
