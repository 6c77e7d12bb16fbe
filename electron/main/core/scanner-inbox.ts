import fs from 'node:fs';
import path from 'node:path';
import type { ScannedFile } from '../../../contract/ipc';
import type { Clock } from './clock';

/** What a kiosk takes from the branch's scanner: the claim and consultation upload types, each at most this big. */
const TYPES: Record<string, ScannedFile['contentType']> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};
export const SCAN_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The branch scanner's folder at a kiosk, the only place a kiosk uploads from (it opens no
 * system dialog, which would let a customer browse the disk). It shows the files that arrived
 * since the current person's session began — never the last person's — and the wipe empties it.
 * A file is named by its name alone; anything that is not a plain file directly in the folder
 * (a link, a folder, a path) is never listed nor read.
 */
export class ScannerInbox {
  private since: number;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    this.since = clock.now();
  }

  async list(): Promise<ScannedFile[]> {
    const entries = await fs.promises.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    const files: ScannedFile[] = [];
    for (const e of entries) {
      if (!e.isFile()) continue;
      const contentType = TYPES[path.extname(e.name).toLowerCase()];
      if (!contentType) continue;
      const st = await fs.promises.lstat(path.join(this.dir, e.name)).catch(() => null);
      // Arrival: a scanner may keep a file's own time, but moving it into the folder changes its ctime.
      const arrived = st ? Math.max(st.mtimeMs, st.ctimeMs) : 0;
      if (!st?.isFile() || arrived < this.since || st.size === 0 || st.size > SCAN_MAX_BYTES) continue;
      files.push({
        fileId: e.name,
        fileName: e.name,
        contentType,
        sizeBytes: st.size,
        arrivedAt: new Date(arrived).toISOString(),
      });
    }
    return files.sort((a, b) => b.arrivedAt.localeCompare(a.arrivedAt) || a.fileName.localeCompare(b.fileName));
  }

  /** One listed file's bytes, or null when it is not (or no longer) one of this session's scans. */
  async read(fileId: string): Promise<(ScannedFile & { bytes: Buffer }) | null> {
    const listed = (await this.list()).find((f) => f.fileId === fileId);
    if (!listed) return null;
    const bytes = await fs.promises.readFile(path.join(this.dir, listed.fileName)).catch(() => null);
    return bytes && { ...listed, bytes };
  }

  /** The wipe: every plain file in the folder goes, and only what arrives from now on is shown. */
  async empty(): Promise<void> {
    this.since = this.clock.now();
    const entries = await fs.promises.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries.filter((e) => e.isFile()).map((e) => fs.promises.rm(path.join(this.dir, e.name), { force: true })),
    );
  }
}
