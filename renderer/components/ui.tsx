import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortalError, PortalResult } from '../../contract/ipc';
import { groupedAmount, typedAmount } from '../format';

/** A page heading that takes the focus when its step appears, so screen readers announce it. */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** A failure in words that say what to do next; never a code or a stack. */
export function ErrorMessage({ error, passwordOnly }: { error: PortalError | null; passwordOnly?: boolean }) {
  const { t } = useTranslation();
  if (!error) return null;
  // Where only a password was asked (a step-up, a password change), a wrong one is said as such.
  const code = passwordOnly && error.code === 'invalid_credentials' ? 'password_wrong' : error.code;
  const d = error.details ?? {};
  const minutes = typeof d.retryAfterSeconds === 'number' ? Math.max(1, Math.ceil(d.retryAfterSeconds / 60)) : 1;
  const reasons = Array.isArray(d.reasons) ? (d.reasons as string[]) : [];
  return (
    <div className="error" role="alert">
      <p>{t(`errors.${code}`, { minutes, defaultValue: t('errors.internal') })}</p>
      {reasons.length > 0 && (
        <ul>
          {reasons.map((r) => (
            <li key={r}>{t(`reasons.${r}`)}</li>
          ))}
        </ul>
      )}
      {typeof d.attemptsLeft === 'number' && <p>{t('otp.attemptsLeft', { count: d.attemptsLeft })}</p>}
    </div>
  );
}

/**
 * Runs a portal call, keeps its error, and says "busy" only for waits longer than
 * 300 ms, so quick answers do not flicker.
 */
export function useAction() {
  const [error, setError] = useState<PortalError | null>(null);
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState(false);
  async function run<T>(call: () => Promise<PortalResult<T>>): Promise<T | undefined> {
    setRunning(true);
    setError(null);
    const timer = setTimeout(() => setBusy(true), 300);
    try {
      const r = await call();
      if (r.ok) return r.value;
      setError(r.error);
      return undefined;
    } finally {
      clearTimeout(timer);
      setBusy(false);
      setRunning(false);
    }
  }
  return { run, error, setError, busy, running };
}

/** What became of the last action: its error, or that it is still busy. */
export function Outcome({
  of,
  passwordOnly,
}: {
  of: { error: PortalError | null; busy: boolean };
  /** Only a password was asked: `invalid_credentials` is a wrong password, no username involved. */
  passwordOnly?: boolean;
}) {
  return (
    <>
      <ErrorMessage error={of.error} passwordOnly={passwordOnly} />
      <Busy busy={of.busy} />
    </>
  );
}

export function Busy({ busy }: { busy: boolean }) {
  const { t } = useTranslation();
  return busy ? (
    <p className="busy" role="status">
      <span className="spinner" aria-hidden="true" /> {t('app.loading')}
    </p>
  ) : null;
}

/** Grey lines where content is coming, so the page keeps its shape while it loads. */
export function Skeleton({ lines = 3 }: { lines?: number }) {
  const { t } = useTranslation();
  return (
    <div className="skeleton" role="status">
      <span className="sr-only">{t('app.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="bone" aria-hidden="true" />
      ))}
    </div>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  hint?: string;
  type?: string;
  autoComplete?: string;
  inputMode?: 'numeric' | 'email' | 'tel' | 'text';
  maxLength?: number;
  required?: boolean;
  onKeyUp?: (e: React.KeyboardEvent<HTMLInputElement>) => void;
  /** The person left the field: a form step may show its error now (forms/use-form-step.ts). */
  onBlur?: () => void;
  /** The id of a datalist of suggestions (a province's cities); any other text may be typed. */
  list?: string;
  name: string;
}

/** What a control's `aria-describedby` names: the ids of its FieldNotes that are there. */
const notesOf = (id: string, hint?: string, error?: string | null): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;

/** A field's hint and inline error, with the ids its control's `aria-describedby` names. */
function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string | null }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </>
  );
}

/** A labelled input with its hint and its inline error tied to it for screen readers. */
export function Field(p: FieldProps) {
  const id = useId();
  const describedBy = notesOf(id, p.hint, p.error);
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        onKeyUp={p.onKeyUp}
        onBlur={p.onBlur}
        list={p.list}
        autoComplete={p.autoComplete}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        required={p.required}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy}
      />
      <FieldNotes id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** A labelled text area (a complaint, a reason) with its hint, its count and its inline error. */
export function TextArea(p: {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  error?: string | null;
  hint?: string;
  maxLength: number;
  rows?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        maxLength={p.maxLength}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        onBlur={p.onBlur}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={notesOf(id, p.hint, p.error)}
      />
      <p className="hint count" aria-hidden="true">
        {t('form.count', { count: p.value.length, max: p.maxLength })}
      </p>
      <FieldNotes id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/**
 * Whole rupiah, typed as people write them: the thousands grouped the language's way as one
 * types (`12.500.000`), digits only in `value` (what the contract takes).
 */
export function MoneyField(p: Omit<FieldProps, 'type' | 'inputMode' | 'onKeyUp'>) {
  const { i18n } = useTranslation();
  const amount = typedAmount(p.value);
  return (
    <Field
      {...p}
      inputMode="numeric"
      value={amount === null ? '' : groupedAmount(amount, i18n.language)}
      // 15 digits: past a quadrillion rupiah nothing is an amount (and 2^53 stays out of reach).
      onChange={(text) =>
        p.onChange(
          text
            .replace(/\D/gu, '')
            .replace(/^0+(?=\d)/u, '')
            .slice(0, 15),
        )
      }
    />
  );
}

/** Month names as the language writes them (`Januari` … / `January` …). */
const monthNames = (lang: string) => {
  const month = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, m) => month.format(Date.UTC(2000, m, 1)));
};
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** An ISO date's day, month and year (all 0 for none). */
const partsOf = (iso: string) => {
  const [year = 0, month = 0, day = 0] = iso ? iso.split('-').map(Number) : [];
  return { day, month, year };
};
const thisYear = new Date().getFullYear();
/** The years a DateField offers: this one and the `n` before it. */
export const yearsBack = (n: number) => ({ fromYear: thisYear - n, toYear: thisYear });

/**
 * A date as people pick it: day, month by name, year, in their language, never a browser's
 * mm/dd/yyyy field. Older customers reach 1958 in three choices, not by paging a calendar.
 * `value` is the contract's ISO date, or '' while it is not whole.
 */
export function DateField(p: {
  name: string;
  label: string;
  value: string;
  onChange: (iso: string) => void;
  /** The earliest and latest years offered (the latest first). */
  fromYear: number;
  toYear: number;
  hint?: string;
  error?: string | null;
  /** A label for a table cell, where the column says what it is. */
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const months = monthNames(i18n.language);
  const [parts, setParts] = useState(() => partsOf(p.value));
  // A value set from outside (a draft loaded) shows; a half-picked date stays as picked.
  useEffect(() => {
    if (p.value) setParts(partsOf(p.value));
  }, [p.value]);
  const pick = (next: typeof parts) => {
    setParts(next);
    const whole = next.day && next.month && next.year && next.day <= daysIn(next.year, next.month);
    p.onChange(
      whole
        ? `${String(next.year).padStart(4, '0')}-${String(next.month).padStart(2, '0')}-${String(next.day).padStart(2, '0')}`
        : '',
    );
  };
  const years = Array.from({ length: p.toYear - p.fromYear + 1 }, (_, i) => p.toYear - i);
  const describedBy = notesOf(id, p.hint, p.error);
  const select = (which: 'day' | 'month' | 'year', options: Array<[number, string]>) => (
    <label className="date-part">
      <span className="sr-only">{t(`date.${which}`)}</span>
      <select
        name={`${p.name}-${which}`}
        value={parts[which] || ''}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => pick({ ...parts, [which]: Number(e.target.value) })}
      >
        <option value="">{t(`date.${which}`)}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className={p.compact ? 'date-field compact' : 'field date-field'}>
      <legend className={p.compact ? 'sr-only' : undefined}>{p.label}</legend>
      <div className="date-parts">
        {select(
          'day',
          Array.from({ length: 31 }, (_, i) => [i + 1, String(i + 1)]),
        )}
        {select(
          'month',
          months.map((n, i) => [i + 1, n]),
        )}
        {select(
          'year',
          years.map((y) => [y, String(y)]),
        )}
      </div>
      <FieldNotes id={id} hint={p.hint} error={p.error} />
      {parts.day > 0 && parts.month > 0 && parts.year > 0 && parts.day > daysIn(parts.year, parts.month) && (
        <p className="field-error" role="alert">
          {t('date.noSuchDay', { day: parts.day, month: months[parts.month - 1] })}
        </p>
      )}
    </fieldset>
  );
}

/** A password input with show/hide and a Caps Lock hint. */
export function PasswordField(p: Omit<FieldProps, 'type' | 'onKeyUp'>) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const [caps, setCaps] = useState(false);
  return (
    <div className="password-field">
      <Field
        {...p}
        type={shown ? 'text' : 'password'}
        onKeyUp={(e) => setCaps(e.getModifierState('CapsLock'))}
        hint={caps ? t('login.capsLock') : p.hint}
      />
      <button type="button" className="link" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? t('password.hide') : t('password.show')}
      </button>
    </div>
  );
}

/** Batal: every step of a flow has a way out (in the desktop window there is no browser back). */
export function CancelButton({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="secondary" onClick={onCancel}>
      {t('app.cancel')}
    </button>
  );
}

/** A labelled select; `none`, when given, is a first choice of nothing (a filter's "all"). */
export function Select(p: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Array<[string, string]>;
  name: string;
  none?: string;
  error?: string | null;
  onBlur?: () => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <select
        id={id}
        name={p.name}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        onBlur={p.onBlur}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={notesOf(id, undefined, p.error)}
      >
        {p.none !== undefined && <option value="">{p.none}</option>}
        {p.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} error={p.error} />
    </div>
  );
}
