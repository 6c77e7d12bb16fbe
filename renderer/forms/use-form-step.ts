import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { isRuleName } from '../../contract/rules';

/**
 * The renderer's one way to build a form step. The values are the caller's (kept across steps and
 * refusals); the errors come from the contract's own schema of what will be sent, in the person's
 * language, and are shown when they help: a field's after it is left, all of them once the person
 * tries to go on, never before anything is typed.
 */
export interface FormStep<V> {
  values: V;
  /** Changes some values; the rest stay as typed. */
  update: (patch: Partial<V>) => void;
  /**
   * A text field's value, its change and blur, and its error when useful (see Field's props);
   * `path` is where the payload holds it, when not at the same key (`event.diagnosis`).
   */
  bind: (
    key: keyof V & string,
    path?: string,
  ) => {
    value: string;
    onChange: (v: string) => void;
    onBlur: () => void;
    error: string | null;
  };
  /** The error at a payload path (`beneficiaries.0.fullName`), when useful. */
  error: (path: string) => string | null;
  /** The person left a field (or picked a value): its error may show. */
  touch: (path: string) => void;
  /** The person tries to go on: every error shows; true when there is none. */
  check: () => boolean;
  /** What stopped the last try, for the form's summary (each problem once), or null. */
  stopped: string[] | null;
}

export interface FormStepOptions<V> {
  values: V;
  onValues: (values: V) => void;
  /** The contract's schema of what is sent (a request's payload, a claim's step). */
  schema: z.ZodType;
  /** The values as the contract takes them (typed text to numbers, empty to absent). */
  toPayload: (values: V) => unknown;
  /** Where a rule's words live: a schema's message that names a rule (`postal_code_invalid`) is said so. */
  rules?: string;
}

/** One problem in the person's language: the rule's own words, or what kind of problem it is. */
export function messageOf(issue: z.core.$ZodIssue, t: TFunction, rules?: string): string {
  if (rules && isRuleName(issue.message)) return t(`${rules}.${issue.message}`, { defaultValue: t('form.invalid') });
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? t('form.required')
        : t('form.tooSmall', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string' ? t('form.tooLong', { max: Number(issue.maximum) }) : t('form.tooBig');
    case 'invalid_type':
      return t('form.required');
    default:
      return t('form.invalid');
  }
}

const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    value,
  );
const isEmpty = (v: unknown) => v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** Every problem of a payload, by its path; the first per path is the one said. */
export function problemsOf(schema: z.ZodType, payload: unknown, t: TFunction, rules?: string): Map<string, string> {
  const parsed = schema.safeParse(payload);
  const out = new Map<string, string>();
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    if (out.has(path)) continue;
    // Nothing typed yet is said as such, whatever the schema found wrong with nothing.
    const empty = !isRuleName(issue.message) && isEmpty(valueAt(payload, issue.path));
    out.set(path, empty ? t('form.required') : messageOf(issue, t, rules));
  }
  return out;
}

export function useFormStep<V extends object>(o: FormStepOptions<V>): FormStep<V> {
  const { t } = useTranslation();
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(false);
  const problems = problemsOf(o.schema, o.toPayload(o.values), t, o.rules);
  const touch = (path: string) => setTouched((s) => (s.has(path) ? s : new Set(s).add(path)));
  const error = (path: string) => ((tried || touched.has(path)) && problems.get(path)) || null;
  const update = (patch: Partial<V>) => o.onValues({ ...o.values, ...patch });
  return {
    values: o.values,
    update,
    bind: (key, path = key) => ({
      value: String(o.values[key] ?? ''),
      onChange: (v: string) => update({ [key]: v } as Partial<V>),
      onBlur: () => touch(path),
      error: error(path),
    }),
    error,
    touch,
    check: () => {
      setTried(true);
      return problems.size === 0;
    },
    // The summary beside the button: each problem once, also those of no single field.
    stopped: tried && problems.size > 0 ? [...new Set(problems.values())] : null,
  };
}
