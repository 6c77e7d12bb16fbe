import type { DeviceKind } from '../../../contract/api/identity';
import fs from 'node:fs';
import { DocumentListSchema } from '../../../contract/api/policies';
import type { IpcEvent, IpcEventPayload } from '../../../contract/ipc';
import type { ApiClient } from './api-client';
import type { DocumentCache } from './document-cache';
import type { PortalMethods } from './portal';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';

/** What the window does for documents; the shell answers with Electron's dialogs and printing. */
export interface DocumentDesk {
  /** The save dialog, opened on `suggestedName`; the chosen path, or null when cancelled. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /**
   * Prints the window's print layout: through the print dialog, or, given a printer, silently
   * to it (a kiosk). Resolves also when the person cancels the dialog.
   */
  print(options: { printer?: string }): Promise<void>;
}

export interface DocumentMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
  mode: DeviceKind;
  /** A kiosk prints only where the branch allows it, and only to the branch's printer. */
  printingAllowed: boolean;
  printer?: string;
  documentCache: DocumentCache;
  desk: DocumentDesk;
  emit: <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;
}

type DocumentMethods = Pick<
  PortalMethods,
  'policies.documents' | 'documents.open' | 'documents.saveCopy' | 'documents.print'
>;

/** A file name every desktop system accepts: no path characters, no control characters, not too long. */
export function fileNameFor(title: string, policyNumber: string): string {
  const base = `${title} ${policyNumber}`
    .replace(/[\p{Cc}<>:"/\\|?*]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/u, '')
    .slice(0, 120);
  return `${base || 'Dokumen Polis'}.pdf`;
}

const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * The documents side of `window.portal`: lists, downloads (revalidated against the kept
 * copy, which also opens offline), saving a copy through the save dialog, and printing.
 */
export function createDocumentMethods(o: DocumentMethodsOptions): DocumentMethods {
  // Titles from the lists, so a saved copy is named for what it is.
  const known = new Map<string, { title: string; policyNumber: string }>();
  // Printing is for what the person has open, not any id the renderer names.
  const opened = new Set<string>();
  o.sessions.onSignedOut(() => {
    known.clear();
    opened.clear();
  });
  // Whoever did not ask this computer to remember them leaves no copies behind.
  o.sessions.onEnded(({ username, remembered }) => {
    if (!remembered) void o.documentCache.forget(username).catch(() => undefined);
  });

  async function fetchDocument(documentId: string): Promise<{ bytes: Buffer; fromCache: boolean }> {
    // Kept copies are the signed-in account's own (another person on this computer never sees them).
    const owner = o.sessions.currentUser?.username;
    const cached = owner ? await o.documentCache.get(owner, documentId) : null;
    try {
      const answer = await o.sessions.authorized((token) =>
        o.api.download(`/v1/documents/${documentId}`, token, cached?.etag, (receivedBytes, totalBytes) =>
          o.emit('documents.progress', { documentId, receivedBytes, totalBytes }),
        ),
      );
      if (answer.status === 304 && cached) return { bytes: cached.bytes, fromCache: true };
      if (answer.status === 304) throw new PortalFailure('internal');
      if (owner) await o.documentCache.put(owner, documentId, { etag: answer.etag, bytes: answer.bytes });
      return { bytes: answer.bytes, fromCache: false };
    } catch (err) {
      // Offline: the kept copy opens all the same.
      if (cached && err instanceof PortalFailure && err.code === 'network_unavailable') {
        return { bytes: cached.bytes, fromCache: true };
      }
      throw err;
    }
  }

  return {
    'policies.documents': async ({ policyNumber }) => {
      const { value } = await o.sessions.authorized((token) =>
        o.api.call('GET', `/v1/policies/${encodeURIComponent(policyNumber)}/documents`, DocumentListSchema, { token }),
      );
      for (const d of value.documents) known.set(d.documentId, { title: d.title, policyNumber });
      return value;
    },
    'documents.open': async ({ documentId }) => {
      const { bytes, fromCache } = await fetchDocument(documentId);
      opened.add(documentId);
      return { data: toArrayBuffer(bytes), fromCache };
    },
    'documents.saveCopy': async ({ documentId }) => {
      if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
      // Fetched before the dialog, so a document the person may not see never opens one.
      const { bytes } = await fetchDocument(documentId);
      const about = known.get(documentId);
      const target = await o.desk.chooseSavePath(
        about ? fileNameFor(about.title, about.policyNumber) : fileNameFor('Dokumen Polis', documentId.slice(0, 8)),
      );
      if (!target) return { saved: false };
      await fs.promises.writeFile(target, bytes).catch(() => {
        throw new PortalFailure('save_failed');
      });
      return { saved: true, savedAs: target };
    },
    'documents.print': async ({ documentId }) => {
      const kiosk = o.mode === 'kiosk';
      if (kiosk && (!o.printingAllowed || !o.printer)) throw new PortalFailure('not_allowed_in_kiosk');
      if (!opened.has(documentId)) throw new PortalFailure('not_found');
      // A cancelled print dialog is no failure; a printer's refusal is, and says so.
      await o.desk.print(kiosk ? { printer: o.printer } : {}).catch(() => {
        throw new PortalFailure('print_failed');
      });
      return {};
    },
  };
}
