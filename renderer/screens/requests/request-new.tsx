import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { PolicySummary } from '../../../contract/api/policies';
import { DEBIT_DAYS, RELATIONSHIPS, STEP_UP_TYPES, type RequestType } from '../../../contract/api/requests';
import { CITIES } from '../../../contract/cities';
import { PROVINCES } from '../../../contract/provinces';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import {
  DateField,
  ErrorMessage,
  Field,
  MoneyField,
  Select,
  StepHeading,
  useAction,
  yearsBack,
} from '../../components/ui';
import { decimal4, longDate, rupiah, typedAmount } from '../../format';

interface Beneficiary {
  fullName: string;
  relationship: string;
  dateOfBirth: string;
  sharePercent: string;
}
const emptyBeneficiary: Beneficiary = { fullName: '', relationship: 'Anak', dateOfBirth: '', sharePercent: '' };

/**
 * Ajukan perubahan: the policy, the type (only the allowed ones; the others greyed with why),
 * its form, a review, and the password again where the change asks for it. What was typed
 * survives every refusal.
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
  // The forms' values, kept across steps and refusals.
  const [address, setAddress] = useState({ line1: '', line2: '', city: '', province: 'DKI Jakarta', postalCode: '' });
  const [beneficiaries, setBeneficiaries] = useState<Beneficiary[]>([{ ...emptyBeneficiary }]);
  const [method, setMethod] = useState<'auto_debit_card' | 'auto_debit_bca' | 'virtual_account'>('auto_debit_card');
  const [debitDay, setDebitDay] = useState('5');
  const [delivery, setDelivery] = useState<'email' | 'post'>('email');
  const [health, setHealth] = useState({ hospitalizedLast12Months: false, underTreatment: false, notes: '' });
  const [funds, setFunds] = useState<Array<{ fundCode: string; fundName: string; units: string; value: number }>>([]);
  const [holder, setHolder] = useState('');
  const [banks, setBanks] = useState<Array<{ code: string; name: string }>>([]);
  // Percent per fund, as typed: taken from (switch), put into (switch, top-up).
  const [fromPct, setFromPct] = useState<Record<string, string>>({});
  const [toPct, setToPct] = useState<Record<string, string>>({});
  const [amount, setAmount] = useState('');
  const [payout, setPayout] = useState({ bankCode: '', accountNumber: '', accountHolder: '' });
  const ids = { policy: useId(), password: useId(), city: useId() };

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
      setFunds(r.value.funds ?? []);
      setHolder(r.value.policyholderName);
      setPayout((p) => ({ ...p, accountHolder: p.accountHolder || r.value.policyholderName }));
    });
  }, [portal, policyNumber]);

  const total = beneficiaries.reduce((sum, b) => sum + (Number(b.sharePercent) || 0), 0);
  const toTotal = Object.values(toPct).reduce((sum, v) => sum + (Number(v) || 0), 0);
  const percents = (m: Record<string, string>) =>
    Object.entries(m)
      .filter(([, v]) => v !== '' && Number(v) !== 0)
      .map(([fundCode, v]) => ({ fundCode, percent: Number(v) }));
  const rupiahAmount = () => typedAmount(amount) ?? 0;
  useEffect(() => {
    if (type === 'withdrawal' && banks.length === 0)
      void portal.claims.banks().then((r) => {
        if (!r.ok) return;
        setBanks(r.value.banks);
        setPayout((p) => ({ ...p, bankCode: p.bankCode || r.value.banks[0]?.code || '' }));
      });
  }, [portal, type, banks.length]);
  const payload = (): Record<string, unknown> => {
    switch (type) {
      case 'address_change':
        return { ...address, line2: address.line2 || undefined };
      case 'beneficiary_change':
        return { beneficiaries: beneficiaries.map((b) => ({ ...b, sharePercent: Number(b.sharePercent) })) };
      case 'payment_method_change':
        return { method, ...(method === 'virtual_account' ? {} : { debitDay: Number(debitDay) }) };
      case 'fund_switch':
        return { from: percents(fromPct), to: percents(toPct) };
      case 'top_up':
        return { amount: rupiahAmount(), allocation: percents(toPct) };
      case 'withdrawal':
        return { amount: rupiahAmount(), payout };
      case 'policy_book_duplicate':
        return { delivery };
      case 'reinstatement':
        return {
          healthDeclaration: {
            hospitalizedLast12Months: health.hospitalizedLast12Months,
            underTreatment: health.underTreatment,
            ...(health.notes ? { notes: health.notes } : {}),
          },
        };
      default:
        return {};
    }
  };

  const nameOf = (code: string) => funds.find((f) => f.fundCode === code)?.fundName ?? code;
  /** What will be asked for, in words, for the person to check. */
  const reviewLines = (): string[] => {
    switch (type) {
      case 'address_change':
        return [
          [address.line1, address.line2, address.city, `${address.province} ${address.postalCode}`]
            .filter(Boolean)
            .join(', '),
        ];
      case 'beneficiary_change':
        return beneficiaries.map(
          (b) =>
            `${b.fullName} (${t(`requests.relationship.${b.relationship}`, { defaultValue: b.relationship })}), ${b.dateOfBirth ? longDate(b.dateOfBirth, i18n.language) : ''}: ${b.sharePercent}%`,
        );
      case 'payment_method_change':
        return [
          `${t(`requests.methods.${method}`)}${method === 'virtual_account' ? '' : ` · ${t('requests.debitDay')} ${debitDay}`}`,
        ];
      case 'fund_switch':
        return [
          ...percents(fromPct).map((x) => `${t('requests.switchFrom')} ${nameOf(x.fundCode)}: ${x.percent}%`),
          ...percents(toPct).map((x) => `${t('requests.switchTo')} ${nameOf(x.fundCode)}: ${x.percent}%`),
        ];
      case 'top_up':
        return [
          `${t('requests.amount')}: ${rupiah(rupiahAmount(), i18n.language)}`,
          ...percents(toPct).map((x) => `${nameOf(x.fundCode)}: ${x.percent}%`),
        ];
      case 'withdrawal':
        return [
          `${t('requests.amount')}: ${rupiah(rupiahAmount(), i18n.language)}`,
          `${banks.find((b) => b.code === payout.bankCode)?.name ?? payout.bankCode} ${payout.accountNumber} · ${payout.accountHolder}`,
        ];
      case 'policy_book_duplicate':
        return [t(`requests.deliveries.${delivery}`)];
      case 'reinstatement':
        return [
          `${t('requests.hospitalized')}: ${health.hospitalizedLast12Months ? t('requests.yes') : t('requests.no')}`,
          `${t('requests.underTreatment')}: ${health.underTreatment ? t('requests.yes') : t('requests.no')}`,
          ...(health.notes ? [health.notes] : []),
        ];
      default:
        return [];
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!type) return;
    if (needsPassword && !(await send.run(() => portal.account.stepUp({ password })))) return;
    const r = await send.run(async () => {
      const answer = await portal.requests.submit({ policyNumber, type, payload: payload() });
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
                  <button type="button" disabled={!x.allowed} onClick={() => setType(x.type)}>
                    {t(`requests.type.${x.type}`)}
                  </button>
                  {STEP_UP_TYPES.includes(x.type) && <span className="hint"> · {t('requests.needsPassword')}</span>}
                </p>
                {!x.allowed && x.reason && <p className="hint">{t(`requests.reason.${x.reason}`)}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      {type && !reviewing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setReviewing(true);
          }}
        >
          <h2>{t(`requests.type.${type}`)}</h2>
          {type === 'address_change' && (
            <>
              <Field
                name="line1"
                label={t('requests.line1')}
                value={address.line1}
                onChange={(v) => setAddress({ ...address, line1: v })}
                maxLength={200}
              />
              <Field
                name="line2"
                label={t('requests.line2')}
                value={address.line2}
                onChange={(v) => setAddress({ ...address, line2: v })}
                maxLength={200}
              />
              <Select
                name="province"
                label={t('requests.province')}
                value={address.province}
                onChange={(v) => setAddress({ ...address, province: v })}
                options={PROVINCES.map((p) => [p, p])}
              />
              <div className="field">
                <label htmlFor={ids.city}>{t('requests.city')}</label>
                {/* A picker of the province's cities, and any other typed in. */}
                <input
                  id={ids.city}
                  name="city"
                  list={`${ids.city}-list`}
                  value={address.city}
                  maxLength={100}
                  onChange={(e) => setAddress({ ...address, city: e.target.value })}
                />
                <datalist id={`${ids.city}-list`}>
                  {CITIES.filter((c) => c.province === address.province).map((c) => (
                    <option key={c.name} value={c.name} />
                  ))}
                </datalist>
              </div>
              <Field
                name="postalCode"
                label={t('requests.postalCode')}
                value={address.postalCode}
                onChange={(v) => setAddress({ ...address, postalCode: v })}
                inputMode="numeric"
                maxLength={5}
              />
            </>
          )}
          {type === 'beneficiary_change' && (
            <>
              <table className="beneficiaries">
                <thead>
                  <tr>
                    <th scope="col">{t('requests.bName')}</th>
                    <th scope="col">{t('requests.bRelationship')}</th>
                    <th scope="col">{t('requests.bBirth')}</th>
                    <th scope="col">{t('requests.bShare')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('requests.bRemove')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {beneficiaries.map((b, i) => {
                    const set = (patch: Partial<Beneficiary>) =>
                      setBeneficiaries(beneficiaries.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                    const row = i + 1;
                    return (
                      <tr key={i}>
                        <td>
                          <input
                            aria-label={`${t('requests.bName')} ${row}`}
                            value={b.fullName}
                            maxLength={120}
                            onChange={(e) => set({ fullName: e.target.value })}
                          />
                        </td>
                        <td>
                          <select
                            aria-label={`${t('requests.bRelationship')} ${row}`}
                            value={b.relationship}
                            onChange={(e) => set({ relationship: e.target.value })}
                          >
                            {RELATIONSHIPS.map((r) => (
                              <option key={r} value={r}>
                                {t(`requests.relationship.${r}`, { defaultValue: r })}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <DateField
                            compact
                            name={`beneficiary-${row}-birth`}
                            label={`${t('requests.bBirth')} ${row}`}
                            value={b.dateOfBirth}
                            onChange={(iso) => set({ dateOfBirth: iso })}
                            {...yearsBack(120)}
                          />
                        </td>
                        <td>
                          <input
                            aria-label={`${t('requests.bShare')} ${row}`}
                            inputMode="numeric"
                            value={b.sharePercent}
                            maxLength={3}
                            onChange={(e) => set({ sharePercent: e.target.value.replace(/\D/gu, '') })}
                          />
                        </td>
                        <td>
                          {beneficiaries.length > 1 && (
                            <button
                              type="button"
                              className="link"
                              onClick={() => setBeneficiaries(beneficiaries.filter((_, j) => j !== i))}
                            >
                              {t('requests.bRemove')} {row}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p role="status" className={total === 100 ? 'hint' : 'error'}>
                {t('requests.total', { total })}
              </p>
              {beneficiaries.length < 10 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setBeneficiaries([...beneficiaries, { ...emptyBeneficiary }])}
                >
                  {t('requests.bAdd')}
                </button>
              )}
            </>
          )}
          {type === 'payment_method_change' && (
            <>
              <Select
                name="method"
                label={t('requests.method')}
                value={method}
                onChange={(v) => {
                  setMethod(v as typeof method);
                  const days = DEBIT_DAYS[v as typeof method];
                  setDebitDay(days.length ? String(days[0]) : '');
                }}
                options={(['auto_debit_card', 'auto_debit_bca', 'virtual_account'] as const).map((m) => [
                  m,
                  t(`requests.methods.${m}`),
                ])}
              />
              {method !== 'virtual_account' && (
                <Select
                  name="debitDay"
                  label={t('requests.debitDay')}
                  value={debitDay}
                  onChange={setDebitDay}
                  options={DEBIT_DAYS[method].map((d) => [String(d), String(d)])}
                />
              )}
            </>
          )}
          {(type === 'fund_switch' || type === 'top_up') && (
            <>
              {type === 'top_up' && (
                <MoneyField
                  name="amount"
                  label={t('requests.amount')}
                  hint={t('requests.topUpHint')}
                  value={amount}
                  onChange={setAmount}
                  maxLength={21}
                />
              )}
              <table className="beneficiaries">
                <thead>
                  <tr>
                    <th scope="col">{t('requests.fund')}</th>
                    <th scope="col">{t('requests.units')}</th>
                    <th scope="col">{t('requests.value')}</th>
                    {type === 'fund_switch' && <th scope="col">{t('requests.switchFrom')} (%)</th>}
                    <th scope="col">
                      {type === 'fund_switch' ? `${t('requests.switchTo')} (%)` : t('requests.allocation')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {funds.map((f) => (
                    <tr key={f.fundCode}>
                      <th scope="row">{f.fundName}</th>
                      <td>{decimal4(f.units, i18n.language)}</td>
                      <td>{rupiah(f.value, i18n.language)}</td>
                      {type === 'fund_switch' && (
                        <td>
                          {Number(f.units) > 0 && (
                            <input
                              aria-label={`${t('requests.switchFrom')} ${f.fundName} (%)`}
                              inputMode="numeric"
                              maxLength={3}
                              value={fromPct[f.fundCode] ?? ''}
                              onChange={(e) =>
                                setFromPct({ ...fromPct, [f.fundCode]: e.target.value.replace(/\D/gu, '') })
                              }
                            />
                          )}
                        </td>
                      )}
                      <td>
                        <input
                          aria-label={`${type === 'fund_switch' ? t('requests.switchTo') : t('requests.allocation')} ${f.fundName} (%)`}
                          inputMode="numeric"
                          maxLength={3}
                          value={toPct[f.fundCode] ?? ''}
                          onChange={(e) => setToPct({ ...toPct, [f.fundCode]: e.target.value.replace(/\D/gu, '') })}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p role="status" className={toTotal === 100 ? 'hint' : 'error'}>
                {t('requests.allocationTotal', { total: toTotal })}
              </p>
              {Object.values(fromPct).some((v) => Number(v) > 100) && (
                <p className="error" role="alert">
                  {t('requests.rule.switch_over_100')}
                </p>
              )}
            </>
          )}
          {type === 'withdrawal' && (
            <>
              <MoneyField
                name="amount"
                label={t('requests.amount')}
                value={amount}
                onChange={setAmount}
                maxLength={21}
              />
              <Select
                name="bank"
                label={t('requests.bank')}
                value={payout.bankCode}
                onChange={(v) => setPayout({ ...payout, bankCode: v })}
                options={banks.map((b) => [b.code, b.name])}
              />
              <Field
                name="accountNumber"
                label={t('requests.accountNumber')}
                value={payout.accountNumber}
                onChange={(v) => setPayout({ ...payout, accountNumber: v.replace(/\D/gu, '') })}
                inputMode="numeric"
                maxLength={20}
              />
              <Field
                name="accountHolder"
                label={t('requests.accountHolder')}
                hint={t('requests.holderHint', { name: holder })}
                value={payout.accountHolder}
                onChange={(v) => setPayout({ ...payout, accountHolder: v })}
                maxLength={120}
              />
            </>
          )}
          {type === 'policy_book_duplicate' && (
            <Select
              name="delivery"
              label={t('requests.delivery')}
              value={delivery}
              onChange={(v) => setDelivery(v as 'email' | 'post')}
              options={[
                ['email', t('requests.deliveries.email')],
                ['post', t('requests.deliveries.post')],
              ]}
            />
          )}
          {type === 'reinstatement' && (
            <fieldset>
              <legend>{t('requests.healthDeclaration')}</legend>
              <label className="check">
                <input
                  type="checkbox"
                  checked={health.hospitalizedLast12Months}
                  onChange={(e) => setHealth({ ...health, hospitalizedLast12Months: e.target.checked })}
                />
                {t('requests.hospitalized')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={health.underTreatment}
                  onChange={(e) => setHealth({ ...health, underTreatment: e.target.checked })}
                />
                {t('requests.underTreatment')}
              </label>
              <Field
                name="notes"
                label={t('requests.notes')}
                value={health.notes}
                onChange={(v) => setHealth({ ...health, notes: v })}
                maxLength={1000}
              />
            </fieldset>
          )}
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
            {reviewLines().map((line) => (
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
            <button type="button" className="secondary" onClick={() => setReviewing(false)}>
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
