import { Notification, type BrowserWindow } from 'electron';
import type { InboxMessage } from '../../../contract/api/events';

/**
 * A desktop notification for a new Kotak Masuk message, only while the window is not in
 * front (in front, the renderer shows it itself). A click brings the window forward and
 * opens the message's item. Where the system offers none (an unsigned macOS build), nothing.
 */
export function desktopNotifier(window: () => BrowserWindow | undefined) {
  // Kept referenced until clicked or closed, or the system may collect them with their handlers.
  const showing = new Set<Notification>();
  return (message: InboxMessage, open: () => void): void => {
    const win = window();
    if (!win || win.isDestroyed() || (win.isVisible() && win.isFocused())) return;
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: message.title, body: message.body, silent: false });
    showing.add(note);
    note.on('click', () => {
      showing.delete(note);
      const w = window();
      if (w && !w.isDestroyed()) {
        if (w.isMinimized()) w.restore();
        w.show();
        w.focus();
      }
      open();
    });
    note.on('close', () => showing.delete(note));
    note.on('failed', () => showing.delete(note));
    note.show();
  };
}
