import { describe, expect, it } from 'vitest';
import { permissionAllowed } from '../../electron/main/core/permissions';

describe('what a page may ask for', () => {
  it('lets the app’s own top frame copy to the clipboard ("Salin username")', () => {
    expect(
      permissionAllowed({
        permission: 'clipboard-sanitized-write',
        requestingUrl: 'app://portal/index.html#/daftar',
        isMainFrame: true,
      }),
    ).toBe(true);
  });

  it('refuses it to a frame, to another origin and to anything unparsable', () => {
    const ask = { permission: 'clipboard-sanitized-write', isMainFrame: true };
    expect(permissionAllowed({ ...ask, requestingUrl: 'app://portal/index.html', isMainFrame: false })).toBe(false);
    expect(permissionAllowed({ ...ask, requestingUrl: 'https://portal.example/' })).toBe(false);
    expect(permissionAllowed({ ...ask, requestingUrl: 'app://portal.evil/' })).toBe(false);
    expect(permissionAllowed({ ...ask, requestingUrl: 'not a url' })).toBe(false);
    expect(permissionAllowed({ ...ask, requestingUrl: undefined })).toBe(false);
  });

  it('refuses every other permission, even to the app', () => {
    for (const permission of [
      'clipboard-read',
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fullscreen',
    ]) {
      expect(permissionAllowed({ permission, requestingUrl: 'app://portal/index.html', isMainFrame: true })).toBe(
        false,
      );
    }
  });
});
