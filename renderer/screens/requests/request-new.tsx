import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import type { PolicySummary } from '../../../contract/api/policies';
import { STEP_UP_TYPES, type RequestType } from '../../../contract/api/requests';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { ErrorMessage, StepHeading, useAction } from '../../components/ui';
import { FormSummary } from '../../forms/form-summary';
import { useFormStep } from '../../forms/use-form-step';
import { REQUEST_FORMS, type RequestContext } from './forms';

/** Before a type is chosen the form step has nothing to check (the hook runs on every render). */
const NOTHING = z.unknown();

/**
 * Ajukan perubahan: the policy, the type (only the allowed ones; the others named with why), its
 * form (one component per type, forms/), a review, and the password again where the change asks
 * for it. What was typed survives every refusal and every step back.
 */
export function RequestNew() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [policyNumber, setPolicyNumber] = useState(search.get('polis') ?? '');
  const [types, setTypes] = useState<Array<{ type: RequestType; allowed: boolean; reason?: string }>>([]);
  const [type, setType] = useState<RequestType | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const send = useAction();
  const [ctx, setCtx] = useState<RequestContext>({ funds: [], holder: '', banks: [] });
  // Each type's values as typed, kept while the person looks at another type or the review.
  const [drafts, setDrafts] = useState<Partial<Record<RequestType, object>>>({});
  const ids = { policy: useId(), password: useId() };

  useEffect(() => {
    void portal.policies.list().then((r) => {
      if (!r.ok) return;
      setPolicies(r.value.policies);
      setPolicyNumber((p) => p || r.value.policies[0]?.policyNumber || '');
    });
  }, [portal]);
  useEffect(() => {
    if (!policyNumber) return;
    void portal.requests.types({ policyNumber }).then((r) => {
      if (!r.ok) return;
      setTypes(r.value.types);
      setCtx((c) => ({ ...c, funds: r.value.funds ?? [], holder: r.value.policyholderName }));
      // Another policy: what was typed for the last one does not carry over.
      setDrafts({});
    });
  }, [portal, policyNumber]);
  useEffect(() => {
    if (type === 'withdrawal' && ctx.banks.length === 0)
      void portal.claims.banks().then((r) => r.ok && setCtx((c) => ({ ...c, banks: r.value.banks })));
  }, [portal, type, ctx.banks.length]);

  const def = type ? REQUEST_FORMS[type] : undefined;
  const values = type && def ? (drafts[type] ?? def.initial(ctx)) : undefined;
  const form = useFormStep({
    values: values ?? {},
    onValues: (v) => type && setDrafts((d) => ({ ...d, [type]: v })),
    schema: def?.schema ?? NOTHING,
    toPayload: def?.payload ?? (() => undefined),
    rules: 'requests.rule',
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!type || !def || !values) return;
    if (needsPassword && !(await send.run(() => portal.account.stepUp({ password })))) return;
    const r = await send.run(async () => {
      const answer = await portal.requests.submit({
        policyNumber,
        type,
        payload: def.payload(values) as Record<string, unknown>,
      });
      // The password is asked for here, and nothing typed is lost.
      if (!answer.ok && answer.error.code === 'step_up_required') setNeedsPassword(true);
      return answer;
    });
    if (r) navigate(`/transaksi/${r.requestId}`);
  };

  const rules = Array.isArray(send.error?.details?.rules) ? (send.error.details.rules as string[]) : [];
  const refusal =
    rules.length > 0 ? (
      <ul className="rules error" role="alert">
        {rules.map((x) => (
          <li key={x}>{t(`requests.rule.${x}`, { defaultValue: t('errors.validation_failed') })}</li>
        ))}
      </ul>
    ) : (
      send.error?.code !== 'step_up_required' && <ErrorMessage error={send.error} passwordOnly />
    );

  return (
    <section>
      <BackLink to="/transaksi" label={t('requests.back')} />
      <StepHeading>{t('requests.new')}</StepHeading>
      {!type && (
        <>
          <div className="field">
            <label htmlFor={ids.policy}>{t('requests.policy')}</label>
            <select id={ids.policy} value={policyNumber} onChange={(e) => setPolicyNumber(e.target.value)}>
              {policies.map((p) => (
                <option key={p.policyNumber} value={p.policyNumber}>
                  {p.policyNumber} · {p.productName}
                </option>
              ))}
            </select>
          </div>
          <h2>{t('requests.chooseType')}</h2>
          <ul className="claims">
            {types.map((x) => (
              <li key={x.type} className={x.allowed ? 'claim-card' : 'claim-card disabled'}>
                <p>
                  {/* A type that cannot be asked for here is named, with why, never offered as a button. */}
                  {x.allowed ? (
                    <button type="button" className="secondary" onClick={() => setType(x.type)}>
                      {t(`requests.type.${x.type}`)}
                    </button>
                  ) : (
                    <strong>{t(`requests.type.${x.type}`)}</strong>
                  )}
                  {STEP_UP_TYPES.includes(x.type) && <span className="hint"> · {t('requests.needsPassword')}</span>}
                </p>
                {!x.allowed && x.reason && <p className="hint">{t(`requests.reason.${x.reason}`)}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      {type && def && !reviewing && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (form.check()) setReviewing(true);
          }}
        >
          <h2>{t(`requests.type.${type}`)}</h2>
          <def.Fields form={form} ctx={ctx} />
          <FormSummary form={form} />
          <p className="actions">
            <button type="button" className="secondary" onClick={() => setType(null)}>
              {t('requests.otherType')}
            </button>
            <button type="submit">{t('requests.review')}</button>
          </p>
        </form>
      )}
      {type && reviewing && (
        <form onSubmit={(e) => void submit(e)}>
          <h2>{t('requests.reviewTitle')}</h2>
          <p>
            {t(`requests.type.${type}`)} · {policyNumber}
          </p>
          <ul className="list review">
            {(def && values ? def.review(values, ctx, t, i18n.language) : []).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {needsPassword && (
            <div className="field">
              <label htmlFor={ids.password}>{t('requests.password')}</label>
              <input
                id={ids.password}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
          )}
          {refusal}
          <p className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() => {
                // Back to the form to fix it: the old answer no longer stands beside the new values.
                send.setError(null);
                setReviewing(false);
              }}
            >
              {t('requests.edit')}
            </button>
            <button type="submit" disabled={send.running}>
              {t('requests.submit')}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
