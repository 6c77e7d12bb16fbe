/**
 * A kiosk's application menu, as a template for Electron's `Menu.buildFromTemplate`: none,
 * except on macOS, where copy, paste, cut and select-all work only through a menu's roles.
 * The Edit menu holds nothing that leaves the window.
 */
export function kioskMenuTemplate(platform: NodeJS.Platform): Array<{ role: 'editMenu' }> {
  return platform === 'darwin' ? [{ role: 'editMenu' }] : [];
}
