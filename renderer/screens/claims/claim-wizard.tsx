import { Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type {
  BankList,
  Benefits,
  Claim,
  ClaimDocumentKind,
  ClaimFile,
  ClaimOptions,
  ClaimType,
} from '../../../contract/api/claims';
import type { PolicySummary } from '../../../contract/api/policies';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import {
  DateField,
  Field,
  MoneyField,
  Outcome,
  PasswordField,
  StepHeading,
  useAction,
  yearsBack,
} from '../../components/ui';
import { longDate, rupiah, typedAmount } from '../../format';
import { RuleList } from './claim-bits';
import { FileDrop } from './file-drop';
import { FilePreview } from './file-preview';
import { ProviderFinder } from '../network/provider-finder';

const STEPS = ['person', 'type', 'event', 'documents', 'payout', 'review'] as const;

interface EventForm {
  date: string;
  admissionDate: string;
  dischargeDate: string;
  /** Picked from the network (network.md); cleared when the name is typed over. */
  providerId: string;
  providerName: string;
  diagnosis: string;
  icd10: string;
  amount: string;
}
const emptyEvent: EventForm = {
  date: '',
  admissionDate: '',
  dischargeDate: '',
  providerId: '',
  providerName: '',
  diagnosis: '',
  icd10: '',
  amount: '',
};

/** An event's year: this one or an earlier one (the service refuses a late or a future claim itself). */
const EVENT_YEARS = yearsBack(50);

/** Where a draft continues: the first step it still lacks. */
function firstOpenStep(c: Claim, options: ClaimOptions | null): number {
  if (!c.event.date || !c.event.diagnosis || c.amountClaimed === undefined) return 3;
  const required = options?.types.find((x) => x.type === c.type)?.documents.filter((d) => d.required) ?? [];
  if (required.some((d) => !c.files.some((f) => f.kind === d.kind))) return 4;
  if (!c.payout) return 5;
  return 6;
}

/**
 * Ajukan Klaim: policy and person → type → event → documents → payout account → review.
 * The draft lives on the service from the second step on, so closing the app or losing
 * the network loses nothing, and the claims list offers to continue it.
 */
export function ClaimWizard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const app = useApp();
  const { portal } = app;
  const navigate = useNavigate();
  const { claimId } = useParams();
  const [search, setSearch] = useSearchParams();
  const step = Math.min(6, Math.max(1, Number(search.get('langkah') ?? '1') || 1));
  const go = (n: number) => setSearch({ langkah: String(n) });

  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const [policyNumber, setPolicyNumber] = useState(search.get('polis') ?? '');
  const [options, setOptions] = useState<ClaimOptions | null>(null);
  const [personId, setPersonId] = useState('');
  const [type, setType] = useState<ClaimType | ''>('');
  const [claim, setClaim] = useState<Claim | null>(null);
  const [event, setEvent] = useState<EventForm>(emptyEvent);
  const [banks, setBanks] = useState<BankList['banks']>([]);
  const [payout, setPayout] = useState({ bankCode: '', accountNumber: '', accountHolder: app.user?.fullName ?? '' });
  const [benefits, setBenefits] = useState<Benefits | null>(null);
  // Where the money goes is a sensitive change (api-v1.md, Step-up): the password is asked for then.
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const load = useAction();
  const save = useAction();

  // A draft reopened: its fields come back from the service.
  useEffect(() => {
    void portal.policies.list().then((r) => r.ok && setPolicies(r.value.policies));
    void portal.claims.banks().then((r) => r.ok && setBanks(r.value.banks));
    if (!claimId) return;
    void load
      .run(() => portal.claims.get({ claimId }))
      .then(async (c) => {
        if (!c) return;
        if (c.status !== 'draft') return navigate(`/klaim/${c.claimId}`, { replace: true });
        setClaim(c);
        setPolicyNumber(c.policyNumber);
        setPersonId(c.person.personId);
        setType(c.type);
        setEvent({
          date: c.event.date ?? '',
          admissionDate: c.event.admissionDate ?? '',
          dischargeDate: c.event.dischargeDate ?? '',
          providerId: c.event.providerId ?? '',
          providerName: c.event.providerName ?? '',
          diagnosis: c.event.diagnosis ?? '',
          icd10: c.event.icd10 ?? '',
          amount: c.amountClaimed === undefined ? '' : String(c.amountClaimed),
        });
        if (c.payout)
          setPayout((p) => ({ ...p, bankCode: c.payout!.bankCode, accountHolder: c.payout!.accountHolder }));
        const o = await portal.claims.options({ policyNumber: c.policyNumber });
        if (o.ok) setOptions(o.value);
        if (!search.get('langkah'))
          setSearch({ langkah: String(firstOpenStep(c, o.ok ? o.value : null)) }, { replace: true });
      });
  }, [portal, claimId]);

  useEffect(() => {
    if (!policyNumber || claim) return;
    setOptions(null);
    void load
      .run(() => portal.claims.options({ policyNumber }))
      .then((o) => {
        if (!o) return;
        setOptions(o);
        setPersonId((p) => p || o.people[0]?.personId || '');
      });
  }, [policyNumber]);

  useEffect(() => {
    if (!policyNumber || !personId) return;
    void portal.claims.benefits({ policyNumber, personId }).then((r) => setBenefits(r.ok ? r.value : null));
  }, [policyNumber, personId]);

  const typeInfo = options?.types.find((x) => x.type === type);
  const typesForPerson = options?.types.filter((x) => x.personIds.includes(personId)) ?? [];
  const hospital = type === 'hospitalization';

  const saveType = async () => {
    if (!type || !personId) return;
    if (!claim) {
      const c = await save.run(() => portal.claims.create({ policyNumber, personId, type }));
      if (!c) return;
      setClaim(c);
      navigate(`/klaim/${c.claimId}/ubah?langkah=3`, { replace: true });
      return;
    }
    if (claim.type !== type || claim.person.personId !== personId) {
      const c = await save.run(() => portal.claims.update({ claimId: claim.claimId, personId, type }));
      if (!c) return;
      setClaim(c);
    }
    go(3);
  };

  const saveEvent = async () => {
    if (!claim) return;
    const opt = (v: string) => (v.trim() === '' ? null : v.trim());
    const amount = typedAmount(event.amount);
    const c = await save.run(() =>
      portal.claims.update({
        claimId: claim.claimId,
        event: {
          date: opt(hospital ? event.admissionDate || event.date : event.date),
          admissionDate: hospital ? opt(event.admissionDate) : null,
          dischargeDate: hospital ? opt(event.dischargeDate) : null,
          providerId: opt(event.providerId),
          providerName: opt(event.providerName),
          diagnosis: opt(event.diagnosis),
          icd10: opt(event.icd10.toUpperCase()),
        },
        amountClaimed: amount,
      }),
    );
    if (!c) return;
    setClaim(c);
    go(4);
  };

  const savePayout = async () => {
    if (!claim) return;
    if (needsPassword && !(await save.run(() => portal.account.stepUp({ password })))) return;
    const c = await save.run(async () => {
      const answer = await portal.claims.update({ claimId: claim.claimId, payout });
      // The password is asked for here, and the account typed stays as it is.
      if (!answer.ok && answer.error.code === 'step_up_required') setNeedsPassword(true);
      return answer;
    });
    if (!c) return;
    setPassword('');
    setNeedsPassword(false);
    setClaim(c);
    go(6);
  };

  const submit = async () => {
    if (!claim) return;
    const c = await save.run(() => portal.claims.submit({ claimId: claim.claimId }));
    if (c) navigate(`/klaim/${c.claimId}`, { replace: true });
  };

  const remove = async () => {
    if (!claim || !window.confirm(t('claims.confirmDelete'))) return;
    if (await save.run(() => portal.claims.remove({ claimId: claim.claimId }))) navigate('/klaim', { replace: true });
  };

  const addFile = (f: ClaimFile) => setClaim((c) => (c ? { ...c, files: [...c.files, f] } : c));
  const removeFile = async (f: ClaimFile) => {
    if (!claim) return;
    if (await save.run(() => portal.claims.removeFile({ claimId: claim.claimId, fileId: f.fileId })))
      setClaim({ ...claim, files: claim.files.filter((x) => x.fileId !== f.fileId) });
  };

  const ev = (k: keyof EventForm) => (v: string) => setEvent((e) => ({ ...e, [k]: v }));
  const [picking, setPicking] = useState(false);
  const nav = (next: () => void, nextLabel = t('claims.next'), disabled = false) => (
    <div className="actions">
      {step > 1 && (
        <button type="button" className="secondary" onClick={() => go(step - 1)}>
          {t('claims.previous')}
        </button>
      )}
      <button type="button" onClick={next} disabled={disabled || save.running}>
        {nextLabel}
      </button>
      {claim && (
        <button type="button" className="secondary danger" onClick={() => void remove()}>
          <Trash2 aria-hidden="true" size={16} /> {t('claims.deleteDraft')}
        </button>
      )}
    </div>
  );

  return (
    <section className="wizard">
      <BackLink to="/klaim" label={t('claims.back')} />
      <StepHeading>
        {t('claims.new')}
        {claim ? ` · ${claim.claimNumber}` : ''}
      </StepHeading>
      <p className="hint">{t('claims.steps.label', { step, count: STEPS.length })}</p>
      <ol className="steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i + 1 === step ? 'step' : undefined} className={i + 1 === step ? 'current' : ''}>
            {t(`claims.steps.${s}`)}
          </li>
        ))}
      </ol>
      <h2>{t(`claims.steps.${STEPS[step - 1]}`)}</h2>
      <Outcome of={load} />

      {step === 1 && (
        <form onSubmit={(e) => (e.preventDefault(), go(2))}>
          <div className="field">
            <label htmlFor="claim-policy">{t('claims.policy')}</label>
            <select
              id="claim-policy"
              value={policyNumber}
              disabled={!!claim}
              onChange={(e) => {
                setPolicyNumber(e.target.value);
                setPersonId('');
                setType('');
              }}
            >
              <option value="">—</option>
              {policies?.map((p) => (
                <option key={p.policyNumber} value={p.policyNumber}>
                  {p.policyNumber} · {p.productName}
                </option>
              ))}
            </select>
          </div>
          {options && (
            <div className="field">
              <label htmlFor="claim-person">{t('claims.person')}</label>
              <select id="claim-person" value={personId} onChange={(e) => setPersonId(e.target.value)}>
                {options.people.map((p) => (
                  <option key={p.personId} value={p.personId}>
                    {p.fullName}
                  </option>
                ))}
              </select>
            </div>
          )}
          {options && options.types.length === 0 && <p className="notice">{t('claims.noTypes')}</p>}
          {nav(() => go(2), t('claims.next'), !options || options.types.length === 0 || !personId)}
        </form>
      )}

      {step === 2 && (
        <form onSubmit={(e) => (e.preventDefault(), void saveType())}>
          <fieldset>
            <legend>{t('claims.steps.type')}</legend>
            {typesForPerson.map((x) => (
              <label key={x.type} className="choice">
                <input
                  type="radio"
                  name="type"
                  value={x.type}
                  checked={type === x.type}
                  onChange={() => setType(x.type)}
                />
                {t(`claims.type.${x.type}`)}
              </label>
            ))}
          </fieldset>
          <RuleList error={save.error} />
          <Outcome of={save} />
          {nav(() => void saveType(), undefined, !type)}
        </form>
      )}

      {step === 3 && (
        <form onSubmit={(e) => (e.preventDefault(), void saveEvent())}>
          {claim?.submitDeadline && (
            <p className="notice">{t('claims.deadline', { date: longDate(claim.submitDeadline, lang) })}</p>
          )}
          {hospital ? (
            <>
              <DateField
                name="admissionDate"
                label={t('claims.admissionDate')}
                value={event.admissionDate}
                onChange={ev('admissionDate')}
                {...EVENT_YEARS}
              />
              <DateField
                name="dischargeDate"
                label={t('claims.dischargeDate')}
                value={event.dischargeDate}
                onChange={ev('dischargeDate')}
                {...EVENT_YEARS}
              />
            </>
          ) : (
            <DateField
              name="date"
              label={t('claims.eventDate')}
              value={event.date}
              onChange={ev('date')}
              {...EVENT_YEARS}
            />
          )}
          {(hospital || type === 'outpatient') && (
            <Field
              name="providerName"
              label={t('claims.provider')}
              hint={t('claims.providerHint')}
              value={event.providerName}
              onChange={(v) => setEvent((e) => ({ ...e, providerName: v, providerId: '' }))}
              maxLength={200}
            />
          )}
          {(hospital || type === 'outpatient') && (
            <div className="provider-pick">
              {event.providerId && <p className="hint">{t('network.picked', { name: event.providerName })}</p>}
              <button type="button" className="secondary" onClick={() => setPicking((x) => !x)} aria-expanded={picking}>
                {picking ? t('network.cancelPick') : t('network.pickFromList')}
              </button>
              {picking && (
                <ProviderFinder
                  onPick={(p) => {
                    setEvent((e) => ({ ...e, providerId: p.providerId, providerName: p.name }));
                    setPicking(false);
                  }}
                />
              )}
            </div>
          )}
          <Field
            name="diagnosis"
            label={t('claims.diagnosis')}
            value={event.diagnosis}
            onChange={ev('diagnosis')}
            maxLength={500}
          />
          <Field
            name="icd10"
            label={t('claims.icd10')}
            hint={t('claims.icd10Hint')}
            value={event.icd10}
            onChange={ev('icd10')}
            maxLength={8}
          />
          <MoneyField
            name="amount"
            label={t('claims.amount')}
            hint={t('claims.amountHint')}
            value={event.amount}
            onChange={ev('amount')}
            maxLength={21}
          />
          <Outcome of={save} />
          {nav(() => void saveEvent())}
        </form>
      )}

      {step === 4 && claim && (
        <div>
          <p>{t('claims.documentsLead')}</p>
          <ul className="checklist">
            {(typeInfo?.documents ?? []).map((d) => (
              <li key={d.kind}>
                <h3>
                  {t(`claims.kind.${d.kind}`)}{' '}
                  <span className="hint">({d.required ? t('claims.required') : t('claims.optional')})</span>
                </h3>
                <FileList
                  claimId={claim.claimId}
                  files={claim.files.filter((f) => f.kind === d.kind)}
                  onRemove={removeFile}
                />
                <FileDrop
                  claimId={claim.claimId}
                  kind={d.kind as ClaimDocumentKind}
                  label={t(`claims.kind.${d.kind}`)}
                  onUploaded={addFile}
                />
              </li>
            ))}
          </ul>
          <Outcome of={save} />
          {nav(() => go(5))}
        </div>
      )}

      {step === 5 && (
        <form onSubmit={(e) => (e.preventDefault(), void savePayout())}>
          <div className="field">
            <label htmlFor="claim-bank">{t('claims.bank')}</label>
            <select
              id="claim-bank"
              value={payout.bankCode}
              onChange={(e) => setPayout({ ...payout, bankCode: e.target.value })}
            >
              <option value="">{t('claims.chooseBank')}</option>
              {banks.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="accountNumber"
            inputMode="numeric"
            label={t('claims.accountNumber')}
            value={payout.accountNumber}
            onChange={(v) => setPayout({ ...payout, accountNumber: v.replace(/\D/gu, '') })}
            maxLength={20}
            hint={claim?.payout ? claim.payout.accountNumberMasked : undefined}
          />
          <Field
            name="accountHolder"
            label={t('claims.accountHolder')}
            hint={t('claims.accountHolderHint')}
            value={payout.accountHolder}
            onChange={(v) => setPayout({ ...payout, accountHolder: v })}
            maxLength={100}
          />
          {needsPassword && (
            <PasswordField
              name="current-password"
              autoComplete="current-password"
              label={t('claims.password')}
              value={password}
              onChange={setPassword}
            />
          )}
          <RuleList error={save.error} />
          <Outcome of={save} passwordOnly />
          {nav(() => void savePayout(), undefined, !payout.bankCode || !payout.accountNumber || !payout.accountHolder)}
        </form>
      )}

      {step === 6 && claim && (
        <div>
          <dl className="facts">
            <dt>{t('claims.policy')}</dt>
            <dd>{claim.policyNumber}</dd>
            <dt>{t('claims.person')}</dt>
            <dd>{claim.person.fullName}</dd>
            <dt>{t('claims.steps.type')}</dt>
            <dd>{t(`claims.type.${claim.type}`)}</dd>
            <dt>{t('claims.event')}</dt>
            <dd>
              {[
                claim.event.admissionDate && claim.event.dischargeDate
                  ? `${longDate(claim.event.admissionDate, lang)} – ${longDate(claim.event.dischargeDate, lang)}`
                  : claim.event.date && longDate(claim.event.date, lang),
                claim.event.providerName,
                claim.event.diagnosis,
              ]
                .filter(Boolean)
                .join(' · ') || '—'}
            </dd>
            <dt>{t('claims.claimedAmount')}</dt>
            <dd>{claim.amountClaimed === undefined ? '—' : rupiah(claim.amountClaimed, lang)}</dd>
            <dt>{t('claims.files')}</dt>
            <dd>{claim.files.map((f) => `${t(`claims.kind.${f.kind}`)}: ${f.fileName}`).join('; ') || '—'}</dd>
            <dt>{t('claims.payoutTo')}</dt>
            <dd>
              {claim.payout
                ? `${banks.find((b) => b.code === claim.payout!.bankCode)?.name ?? claim.payout.bankCode} ${claim.payout.accountNumberMasked} · ${claim.payout.accountHolder}`
                : '—'}
            </dd>
          </dl>
          <BenefitTable benefits={benefits} />
          <RuleList error={save.error} onFix={go} />
          <Outcome of={save} />
          {nav(() => void submit(), t('claims.submit'))}
        </div>
      )}
    </section>
  );
}

/** The files of one kind, each with its preview and a way to remove it. */
export function FileList(props: {
  claimId: string;
  files: ClaimFile[];
  onRemove?: (f: ClaimFile) => void | Promise<void>;
}) {
  const { t } = useTranslation();
  if (props.files.length === 0) return null;
  return (
    <ul className="files">
      {props.files.map((f) => (
        <li key={f.fileId}>
          <FilePreview claimId={props.claimId} file={f} />
          <span>{f.fileName}</span>
          {props.onRemove && (
            <button type="button" className="link" onClick={() => void props.onRemove!(f)}>
              {t('claims.remove', { name: f.fileName })}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Sisa limit manfaat: what is left of each benefit this policy year. */
export function BenefitTable({ benefits }: { benefits: Benefits | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!benefits || benefits.benefits.length === 0) return null;
  return (
    <div className="benefits">
      <h3>{t('claims.benefits')}</h3>
      <p className="hint">
        {t('claims.benefitsPeriod', {
          from: longDate(benefits.period.from, lang),
          to: longDate(benefits.period.to, lang),
        })}
      </p>
      <table>
        <tbody>
          {benefits.benefits.map((b) => (
            <tr key={b.code}>
              <th scope="row">{t(`claims.benefit.${b.code}`, { defaultValue: b.name })}</th>
              <td>
                {t('claims.benefitRemaining', {
                  remaining: rupiah(b.remaining, lang),
                  limit: rupiah(b.limit, lang),
                  per: t(`claims.benefitPer.${b.per}`),
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
