import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { DocumentDesk } from '../core/document-methods';

/** The save dialog and printing of the app's window, for the core's document methods. */
export function windowDesk(window: () => BrowserWindow | undefined): DocumentDesk {
  return {
    async chooseSavePath(suggestedName) {
      const win = window();
      if (!win) return null;
      // The filter follows what is saved (a document's PDF, a copy of one's data's ZIP): with a
      // PDF filter a ZIP named by the person could be given a .pdf ending by the system's dialog.
      const extension = path.extname(suggestedName).slice(1).toLowerCase() || 'pdf';
      const answer = await dialog.showSaveDialog(win, {
        defaultPath: path.join(app.getPath('documents'), suggestedName),
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      return answer.canceled || !answer.filePath ? null : answer.filePath;
    },
    print({ printer }) {
      return new Promise((resolve, reject) => {
        const win = window();
        if (!win) return reject(new Error('no window to print from'));
        // The renderer has laid the document's pages out for print (@media print). A kiosk prints
        // silently to the branch's printer: no dialog, so no "Save as PDF" or "Open in Preview".
        const options = printer ? { silent: true, deviceName: printer } : {};
        win.webContents.print({ printBackground: false, ...options }, (success, failureReason) => {
          if (success || failureReason === 'Print job canceled') resolve();
          else reject(new Error(failureReason));
        });
      });
    },
  };
}
