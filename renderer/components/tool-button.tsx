import type { ReactNode } from 'react';

/**
 * An icon button in the style of pdf.js's own toolbar: the icon alone, its name for screen
 * readers and as a tooltip, with its keyboard shortcut where it has one.
 */
export function ToolButton(p: {
  label: string;
  icon: ReactNode;
  onClick?: () => void;
  disabled?: boolean;
  shortcut?: { keys: string; shown: string };
  type?: 'button' | 'submit';
}) {
  return (
    <button
      type={p.type ?? 'button'}
      className="tool"
      aria-label={p.label}
      title={p.shortcut ? `${p.label} (${p.shortcut.shown})` : p.label}
      aria-keyshortcuts={p.shortcut?.keys}
      onClick={p.onClick}
      disabled={p.disabled}
    >
      {p.icon}
    </button>
  );
}
