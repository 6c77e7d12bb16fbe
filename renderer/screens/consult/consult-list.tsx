import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Consultation } from '../../../contract/api/consultations';
import type { PolicySummary } from '../../../contract/api/policies';
import { EmptyState } from '../../components/feedback';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Status } from '../../components/status';
import { ErrorMessage, Field, Outcome, Skeleton, StepHeading, useAction } from '../../components/ui';
import { longDateTime } from '../../format';

/** A consultation's status in the app's one status language. */
export function ConsultBadge({ c }: { c: Consultation }) {
  return <Status kind="consultation" status={c.status} />;
}

/** Telekonsultasi: the open one first, then the history, and "Mulai konsultasi". */
export function ConsultList() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const [list, setList] = useState<Consultation[] | null>(null);
  const load = useAction();
  useEffect(() => {
    void load.run(() => portal.consult.list({})).then((r) => r && setList(r.consultations));
  }, [portal]);
  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('consult.title')}</StepHeading>
      <p>{t('consult.lead')}</p>
      <p>
        <Link to="/telekonsultasi/baru" className="button">
          {t('consult.start')}
        </Link>
      </p>
      <Outcome of={load} />
      {!list && !load.error && <Skeleton />}
      <h2>{t('consult.history')}</h2>
      {list && list.length === 0 && <EmptyState text={t('consult.none')} next={t('consult.noneNext')} />}
      {list && list.length > 0 && (
        <ul className="claims">
          {list.map((c) => (
            <li key={c.consultationId} className="claim-card">
              <p>
                <Link to={`/telekonsultasi/${c.consultationId}`}>
                  <strong>{c.topic}</strong>
                </Link>{' '}
                <ConsultBadge c={c} />
              </p>
              <p className="hint">
                {c.number} · {c.person.fullName} · {longDateTime(c.createdAt, i18n.language)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Mulai konsultasi: for whom (oneself or an insured person of one's policy), what, and how it feels. */
export function ConsultStart() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const navigate = useNavigate();
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [policyNumber, setPolicyNumber] = useState('');
  const [people, setPeople] = useState<Array<{ personId: string; fullName: string }>>([]);
  const [personId, setPersonId] = useState('');
  const [topic, setTopic] = useState('');
  const [symptoms, setSymptoms] = useState('');
  const send = useAction();
  const ids = { policy: useId(), person: useId(), symptoms: useId() };

  useEffect(() => {
    void portal.policies.list().then((r) => {
      if (!r.ok) return;
      const open = r.value.policies.filter((p) => p.status === 'active' || p.status === 'grace_period');
      setPolicies(open);
      if (open[0]) setPolicyNumber(open[0].policyNumber);
    });
  }, [portal]);
  useEffect(() => {
    if (!policyNumber) return;
    void portal.claims.options({ policyNumber }).then((r) => {
      if (!r.ok) return;
      setPeople(r.value.people);
      setPersonId(r.value.people[0]?.personId ?? '');
    });
  }, [portal, policyNumber]);

  const submit = async () => {
    const c = await send.run(() => portal.consult.start({ policyNumber, personId, topic, symptoms }));
    if (c) navigate(`/telekonsultasi/${c.consultationId}`);
  };
  const d = send.error?.details ?? {};
  const rules = Array.isArray(d.rules) ? (d.rules as string[]) : [];
  const opensAt =
    typeof d.opensAt === 'string'
      ? new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', {
          timeStyle: 'short',
          timeZone: 'Asia/Jakarta',
        }).format(new Date(d.opensAt))
      : '';
  return (
    <section>
      <BackLink to="/telekonsultasi" label={t('consult.back')} />
      <StepHeading>{t('consult.start')}</StepHeading>
      <form onSubmit={(e) => (e.preventDefault(), void submit())}>
        <div className="field">
          <label htmlFor={ids.policy}>{t('consult.policy')}</label>
          <select id={ids.policy} value={policyNumber} onChange={(e) => setPolicyNumber(e.target.value)}>
            {policies.map((p) => (
              <option key={p.policyNumber} value={p.policyNumber}>
                {p.policyNumber} · {p.productName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.person}>{t('consult.person')}</label>
          <select id={ids.person} value={personId} onChange={(e) => setPersonId(e.target.value)}>
            {people.map((p) => (
              <option key={p.personId} value={p.personId}>
                {p.fullName}
              </option>
            ))}
          </select>
        </div>
        <Field
          name="topic"
          label={t('consult.topic')}
          hint={t('consult.topicHint')}
          value={topic}
          onChange={setTopic}
          maxLength={200}
        />
        <div className="field">
          <label htmlFor={ids.symptoms}>{t('consult.symptoms')}</label>
          <textarea
            id={ids.symptoms}
            name="symptoms"
            rows={4}
            maxLength={2000}
            value={symptoms}
            onChange={(e) => setSymptoms(e.target.value)}
          />
        </div>
        <p className="hint">{t('consult.emergency')}</p>
        {rules.length > 0 ? (
          <div className="error" role="alert">
            {rules.map((r) => (
              <p key={r}>
                {t(`consult.rule.${r}`, { time: opensAt, limit: d.limit, defaultValue: t('errors.validation_failed') })}
              </p>
            ))}
          </div>
        ) : (
          <ErrorMessage error={send.error} />
        )}
        <p>
          <button type="submit" disabled={send.running || !personId}>
            {t('consult.send')}
          </button>
        </p>
      </form>
    </section>
  );
}
