export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the saved window's top edge must lie on a display to be put back there (its title bar). */
const GRAB = { width: 120, height: 40 };

/**
 * Where the window opens: where it was, if its title bar is still on one of the displays'
 * work areas (a monitor may have gone since); otherwise centred by the system, at its saved
 * size made to fit the first display. No saved bounds: the default size.
 */
export function restoredBounds(
  saved: Rect | undefined,
  workAreas: Rect[],
  fallback: { width: number; height: number },
): Partial<Rect> & { width: number; height: number } {
  if (!saved) return { ...fallback };
  const grab = { x: saved.x, y: saved.y, width: Math.min(GRAB.width, saved.width), height: GRAB.height };
  const home = workAreas.find((area) => overlap(grab, area) >= (grab.width * grab.height) / 2);
  if (home) {
    return {
      x: saved.x,
      y: saved.y,
      width: Math.min(saved.width, home.width),
      height: Math.min(saved.height, home.height),
    };
  }
  const first = workAreas[0];
  return {
    width: first ? Math.min(saved.width, first.width) : saved.width,
    height: first ? Math.min(saved.height, first.height) : saved.height,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
