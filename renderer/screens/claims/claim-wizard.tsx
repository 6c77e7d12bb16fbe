import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { BankList, Benefits, Claim, ClaimFile, ClaimOptions, ClaimType } from '../../../contract/api/claims';
import type { PolicySummary } from '../../../contract/api/policies';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Outcome, StepHeading, useAction } from '../../components/ui';
import { DocumentsStep } from './wizard/documents-step';
import { emptyEvent, eventPatch, EventStep, type EventValues } from './wizard/event-step';
import { PayoutStep, type PayoutValues } from './wizard/payout-step';
import { PersonStep } from './wizard/person-step';
import { ReviewStep } from './wizard/review-step';
import { TypeStep } from './wizard/type-step';

const STEPS = ['person', 'type', 'event', 'documents', 'payout', 'review'] as const;

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
  const { t } = useTranslation();
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
  const [event, setEvent] = useState<EventValues>(emptyEvent);
  const [banks, setBanks] = useState<BankList['banks']>([]);
  const [payout, setPayout] = useState<PayoutValues>({
    bankCode: '',
    accountNumber: '',
    accountHolder: app.user?.fullName ?? '',
  });
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
    // The draft this wizard has just made (its id now in the address) is here already, with what
    // has been typed since: read back, it would undo that.
    if (!claimId || claim?.claimId === claimId) return;
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
    const c = await save.run(() => portal.claims.update({ claimId: claim.claimId, ...eventPatch(event, type) }));
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

  const nav = { step, onBack: go, onDelete: claim ? () => void remove() : undefined };

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
        <PersonStep
          nav={nav}
          policies={policies}
          policyNumber={policyNumber}
          onPolicy={(n) => {
            setPolicyNumber(n);
            setPersonId('');
            setType('');
          }}
          locked={!!claim}
          options={options}
          personId={personId}
          onPerson={setPersonId}
          onNext={() => go(2)}
        />
      )}
      {step === 2 && (
        <TypeStep
          nav={nav}
          types={typesForPerson}
          type={type}
          onType={setType}
          saving={save}
          onNext={() => void saveType()}
        />
      )}
      {step === 3 && (
        <EventStep
          nav={nav}
          type={type}
          values={event}
          onValues={setEvent}
          submitDeadline={claim?.submitDeadline}
          saving={save}
          onSave={() => void saveEvent()}
        />
      )}
      {step === 4 && claim && (
        <DocumentsStep
          nav={nav}
          claim={claim}
          documents={typeInfo?.documents ?? []}
          onUploaded={addFile}
          onRemove={removeFile}
          saving={save}
          onNext={() => go(5)}
        />
      )}
      {step === 5 && (
        <PayoutStep
          nav={nav}
          claim={claim}
          banks={banks}
          values={payout}
          onValues={setPayout}
          needsPassword={needsPassword}
          password={password}
          onPassword={setPassword}
          saving={save}
          onSave={() => void savePayout()}
        />
      )}
      {step === 6 && claim && (
        <ReviewStep
          nav={nav}
          claim={claim}
          banks={banks}
          benefits={benefits}
          saving={save}
          onSubmit={() => void submit()}
        />
      )}
    </section>
  );
}
