import { describe, expect, it } from 'vitest';
import { restoredBounds } from '../../electron/main/core/window-bounds';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const external = { x: 1440, y: 0, width: 1920, height: 1040 };
const fallback = { width: 1100, height: 800 };

describe('where the window opens again', () => {
  it('where it was, while its display is there', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 900 };
    expect(restoredBounds(saved, [laptop, external], fallback)).toEqual(saved);
  });

  it('centred on the remaining display, made to fit, when its monitor has gone', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000 };
    expect(restoredBounds(saved, [laptop], fallback)).toEqual({ width: 1440, height: 860 });
  });

  it('not with its title bar above the top of the screen', () => {
    expect(restoredBounds({ x: 100, y: -500, width: 800, height: 600 }, [laptop], fallback)).toEqual({
      width: 800,
      height: 600,
    });
  });

  it('at the default size the first time', () => {
    expect(restoredBounds(undefined, [laptop], fallback)).toEqual(fallback);
  });
});
