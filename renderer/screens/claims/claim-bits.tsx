import { useTranslation } from 'react-i18next';
import type { ClaimStatus } from '../../../contract/api/claims';
import type { PortalError } from '../../../contract/ipc';
import { Status } from '../../components/status';

/** Statuses a claim is still being handled in. */
export const OPEN_STATUSES: readonly ClaimStatus[] = [
  'submitted',
  'verifying',
  'documents_requested',
  'assessing',
  'approved',
];

/** The claim's status in the app's one status language. */
export function StatusBadge({ status }: { status: ClaimStatus }) {
  return <Status kind="claim" status={status} />;
}

/** The wizard step where each rule of a refused submission is fixed (1-based). */
export function stepOfRule(rule: string): number | undefined {
  if (rule.startsWith('missing_document:')) return 4;
  if (rule.startsWith('missing_field:payout') || rule === 'payout_holder_mismatch' || rule === 'bank_unknown') return 5;
  if (
    rule.startsWith('missing_field:') ||
    rule === 'date_in_future' ||
    rule === 'discharge_before_admission' ||
    rule === 'provider_unknown'
  )
    return 3;
  if (rule === 'event_before_policy_start' || rule === 'deadline_passed') return 3;
  if (rule === 'type_not_covered') return 2;
  return undefined;
}

/**
 * The business rules a refusal names (`validation_failed`, `conflict`), each in words,
 * each with the way to fix it where there is one; `area` names whose rule texts they are.
 */
export function RuleList({
  error,
  onFix,
  area = 'claims',
}: {
  error: PortalError | null;
  onFix?: (step: number) => void;
  area?: 'claims' | 'payments';
}) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const d = error.details ?? {};
  let rules: string[] = [];
  if (error.code === 'validation_failed' && Array.isArray(d.rules)) rules = d.rules as string[];
  if (error.code === 'conflict' && typeof d.claimNumber === 'string') rules = ['duplicate'];
  if (rules.length === 0) return null;
  const text = (rule: string) => {
    const [name, arg] = rule.split(':') as [string, string | undefined];
    if (name === 'missing_field')
      return t('claims.rule.missing_field', { field: t(`claims.field.${arg}`, { defaultValue: arg }) });
    if (name === 'missing_document') return t('claims.rule.missing_document', { kind: t(`claims.kind.${arg}`) });
    const deadline =
      typeof d.deadline === 'string'
        ? new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', {
            dateStyle: 'long',
            timeZone: 'UTC',
          }).format(new Date(`${d.deadline}T00:00:00Z`))
        : '';
    return t(`${area}.rule.${name}`, { deadline, number: d.claimNumber, defaultValue: t('errors.validation_failed') });
  };
  return (
    <ul className="rules" aria-label={t('errors.validation_failed')}>
      {rules.map((r) => {
        const step = stepOfRule(r);
        return (
          <li key={r}>
            {text(r)}{' '}
            {step && onFix && (
              <button type="button" className="link" onClick={() => onFix(step)}>
                {t('claims.fixIn', { step })}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
