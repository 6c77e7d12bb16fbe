import { Inbox, WifiOff } from 'lucide-react';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app-context';

/** How long a toast stays: long enough to read a short sentence twice. */
const TOAST_MS = 5000;
/** A blip shorter than this (a stream reconnecting) raises no banner. */
const OFFLINE_AFTER_MS = 2000;

const ToastContext = createContext<(text: string) => void>(() => {});

/** Says a short success ("Disalin", "Disimpan di …") for a few seconds, to screen readers too. */
export const useToast = () => useContext(ToastContext);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const show = useCallback((t: string) => {
    clearTimeout(timer.current);
    setText(t);
    timer.current = setTimeout(() => setText(null), TOAST_MS);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      {/* Always in the page, so a screen reader hears what appears in it. */}
      <div className="toast-region" role="status" aria-live="polite">
        {text && <p className="toast">{text}</p>}
      </div>
    </ToastContext.Provider>
  );
}

/**
 * The service does not answer: a banner on every screen (a chat's unsent messages wait and go by
 * themselves), gone as soon as it answers again.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const off = portal.app.onConnection(({ online }) => {
      clearTimeout(pending);
      if (online) setOffline(false);
      else pending = setTimeout(() => setOffline(true), OFFLINE_AFTER_MS);
    });
    return () => {
      clearTimeout(pending);
      off();
    };
  }, [portal]);
  if (!offline) return null;
  return (
    <div className="offline" role="alert">
      <WifiOff aria-hidden="true" size={18} />
      <p>{t('app.offline')}</p>
    </div>
  );
}

/** Nothing here yet: said plainly, with what the person can do next (the page's own action, named). */
export function EmptyState({ text, next }: { text: string; next?: string }) {
  return (
    <div className="empty">
      <Inbox aria-hidden="true" size={28} />
      <p>{text}</p>
      {next && <p className="hint">{next}</p>}
    </div>
  );
}
