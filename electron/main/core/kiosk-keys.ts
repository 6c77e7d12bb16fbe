/** A key as Electron's `before-input-event` describes it. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const FUNCTION_KEYS = new Set(['F5', 'F11', 'F12']);
/** With Ctrl (Cmd on macOS): reload, zoom, devtools, print dialog, new/close window, view source, save, open. */
const WITH_COMMAND = new Set([
  'r',
  '+',
  '=',
  '-',
  '_',
  '0',
  'i',
  'j',
  'c',
  'p',
  'n',
  'w',
  'u',
  's',
  'o',
  'q',
  'm',
  'h',
]);

/**
 * The shortcuts a kiosk swallows, so the renderer cannot reload, zoom, open devtools
 * or leave the window. Typing, Tab, arrows and the usual edit keys still work.
 */
export function isBlockedKioskKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (FUNCTION_KEYS.has(input.key)) return true;
  const command = input.control || input.meta;
  const key = input.key.toLowerCase();
  // Copy, cut, paste and select-all stay: people type and fix their own input.
  if (command && input.shift && WITH_COMMAND.has(key)) return true;
  if (command && !input.shift && WITH_COMMAND.has(key) && key !== 'c') return true;
  // Alt+Left/Right would go back and forth in history, Alt+F4 would close the kiosk.
  if (input.alt && ['ArrowLeft', 'ArrowRight', 'F4', 'Home'].includes(input.key)) return true;
  return false;
}
