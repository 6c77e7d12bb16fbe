import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app-context';

/** How often input is reported to the main process: enough to keep the session, not on every key. */
const REPORT_EVERY_MS = 2000;
/** The warning goes away when the main process stops counting down (input it saw itself). */
const WARNING_LAPSES_MS = 2500;

/**
 * A kiosk's side of the idle rule: the person's input keeps the session, and the main
 * process's countdown shows full screen; any key or touch ends it.
 */
export function KioskIdle() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  // The countdown's length, from its first warning: the bar empties over it.
  const [fullSeconds, setFullSeconds] = useState(0);
  const lastReport = useRef(0);
  // Whether the warning is up, for the input handler (React state is not for side effects).
  const warned = useRef(false);
  const stayRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const report = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastReport.current < REPORT_EVERY_MS) return;
      lastReport.current = now;
      void portal.kiosk.stillHere();
    };
    const onInput = (e: Event) => {
      // "Keluar sekarang" is an answer of its own: the warning stays until its click ends the session.
      if (e.target instanceof Element && e.target.closest('[data-leave-now]')) return;
      // Input during the warning answers it at once.
      report(warned.current);
      warned.current = false;
      setSecondsLeft(null);
    };
    const events = ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, onInput, { capture: true, passive: true });
    let lapse: ReturnType<typeof setTimeout> | undefined;
    const off = portal.kiosk.onIdleWarning(({ secondsLeft: s }) => {
      if (!warned.current) setFullSeconds(s);
      warned.current = true;
      setSecondsLeft(s);
      clearTimeout(lapse);
      lapse = setTimeout(() => {
        warned.current = false;
        setSecondsLeft(null);
      }, WARNING_LAPSES_MS);
    });
    return () => {
      for (const e of events) window.removeEventListener(e, onInput, { capture: true });
      clearTimeout(lapse);
      off();
    };
  }, [portal]);

  const showing = secondsLeft !== null;
  useEffect(() => {
    if (showing) stayRef.current?.focus();
  }, [showing]);

  if (!showing) return null;
  return (
    <div className="kiosk-warning" role="alertdialog" aria-modal="true" aria-labelledby="kiosk-warning-title">
      <div className="kiosk-warning-box">
        <h2 id="kiosk-warning-title">{t('kiosk.warningTitle')}</h2>
        <p aria-live="assertive" data-testid="kiosk-countdown">
          {t('kiosk.warning', { seconds: secondsLeft })}
        </p>
        <progress className="countdown" max={fullSeconds} value={secondsLeft} aria-label={t('kiosk.timeLeft')} />
        <div className="actions">
          <button ref={stayRef} type="button">
            {t('kiosk.stay')}
          </button>
          <FinishButton className="secondary" label={t('kiosk.leaveNow')} />
        </div>
      </div>
    </div>
  );
}

/**
 * "Selesai" (visible whenever someone is signed in at a kiosk), or the warning's "Keluar sekarang":
 * ends the session and wipes at once. Marked so that pressing it is not taken for "still here".
 */
export function FinishButton({ className = 'finish', label }: { className?: string; label?: string }) {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      title={t('kiosk.finishHint')}
      data-leave-now
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void portal.kiosk.finish().finally(() => setBusy(false));
      }}
    >
      {label ?? t('kiosk.finish')}
    </button>
  );
}

/**
 * A kiosk's screen while an update goes in: it covers everything until the app quits to install
 * (and the new version starts), or goes away if the update failed.
 */
export function KioskUpdating() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [updating, setUpdating] = useState(false);
  useEffect(() => portal.app.onUpdating(({ updating: u }) => setUpdating(u)), [portal]);
  if (!updating) return null;
  return (
    <div
      className="kiosk-warning kiosk-updating"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="kiosk-updating-title"
    >
      <div className="kiosk-warning-box">
        <h2 id="kiosk-updating-title">{t('kiosk.updatingTitle')}</h2>
        <p aria-live="assertive">{t('kiosk.updating')}</p>
      </div>
    </div>
  );
}

/** Files dropped on a kiosk's window go nowhere: uploads come from the branch scanner only. */
export function useNoDropsAtKiosk(kiosk: boolean) {
  useEffect(() => {
    if (!kiosk) return;
    const refuse = (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', refuse, { capture: true });
    window.addEventListener('drop', refuse, { capture: true });
    return () => {
      window.removeEventListener('dragover', refuse, { capture: true });
      window.removeEventListener('drop', refuse, { capture: true });
    };
  }, [kiosk]);
}
