/** What wiping a kiosk's window takes: Electron's session, clipboard and navigation history in the app. */
export interface WindowWipeSurface {
  /** Storage, cache and credentials of the window's session. */
  clearStorage(): Promise<void>;
  /** The system clipboard (and, on Linux, the selection): the next person must not paste the last one's data. */
  clearClipboard(): void | Promise<unknown>;
  /** Loads the app's start page afresh: the renderer's memory and its route go. */
  restart(startUrl: string): Promise<void>;
  /** Forgets every page before the start page, so "back" leads nowhere. */
  clearHistory(): void | Promise<unknown>;
}

/**
 * Wipes the window: the clipboard first (nothing to wait for), then storage, then the renderer
 * starts again at the app's start page, not the route it was on, with no history behind it.
 * Every step runs whatever another did; the first failure is raised at the end, so the guard
 * tries the wipe again.
 */
export async function wipeWindow(surface: WindowWipeSurface, startUrl: string): Promise<void> {
  const failures: unknown[] = [];
  const step = async (run: () => unknown) => {
    try {
      await run();
    } catch (err) {
      failures.push(err);
    }
  };
  await step(() => surface.clearClipboard());
  await step(() => surface.clearStorage());
  await step(() => surface.restart(startUrl));
  await step(() => surface.clearHistory());
  if (failures.length > 0) throw failures[0];
}
