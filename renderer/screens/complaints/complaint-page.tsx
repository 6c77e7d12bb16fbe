import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ComplaintFeedbackSchema, type Complaint } from '../../../contract/api/complaints';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Status } from '../../components/status';
import { ErrorMessage, Outcome, Skeleton, StepHeading, TextArea, useAction } from '../../components/ui';
import { FormSummary } from '../../forms/form-summary';
import { useFormStep } from '../../forms/use-form-step';
import { fileSize, longDateTime } from '../../format';
import { FileDrop } from '../claims/file-drop';
import { DueLine } from './complaints-list';

/**
 * One complaint, followed live: where it stands against its due date, its timeline, the
 * receipt, files while it is received, the answer, the feedback step, and — when the person is
 * not satisfied — where to go outside the insurer (LAPS SJK, OJK).
 */
export function ComplaintPage() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const { complaintId = '' } = useParams();
  const filed = (useLocation().state as { filed?: boolean } | null)?.filed === true;
  const [c, setC] = useState<Complaint | null>(null);
  const [tick, setTick] = useState(0);
  const load = useAction();
  const act = useAction();
  useEffect(
    () => portal.complaints.onUpdated((e) => e.complaintId === complaintId && setTick((n) => n + 1)),
    [portal, complaintId],
  );
  useEffect(() => {
    void load.run(() => portal.complaints.get({ complaintId })).then((x) => x && setC(x));
  }, [portal, complaintId, tick]);
  // The receipt is made just after the complaint: looked for again until it is there.
  useEffect(() => {
    if (!c || c.receiptDocumentId) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 2000);
    return () => clearTimeout(timer);
  }, [c]);

  if (!c) return <section>{load.error ? <Outcome of={load} /> : <Skeleton lines={5} />}</section>;
  const lang = i18n.language;
  return (
    <section>
      <BackLink to="/pengaduan" label={t('complaints.back')} />
      <StepHeading>
        {t('complaints.pageTitle', { n: c.complaintNumber })} · {t(`complaints.category.${c.category}`)}
      </StepHeading>
      {filed && (
        <p className="notice" role="status">
          {t('complaints.filed', { n: c.complaintNumber })}
        </p>
      )}
      <p>
        <Status kind="complaint" status={c.status} /> <DueLine c={c} />
      </p>
      <dl className="facts">
        <dt>{t('complaints.receivedLabel')}</dt>
        <dd>{longDateTime(c.receivedAt, lang)}</dd>
        <dt>{t('complaints.receipt')}</dt>
        <dd>
          {c.receiptDocumentId ? (
            <Link to={`/pengaduan/${c.complaintId}/tanda-terima`} state={{ number: c.complaintNumber }}>
              {t('complaints.openReceipt')}
            </Link>
          ) : (
            <span role="status">{t('complaints.receiptComing')}</span>
          )}
        </dd>
      </dl>
      {c.extension && (
        <p className="notice">
          {t('complaints.extended', { reason: c.extension.reason, date: longDateTime(c.extension.at, lang) })}
        </p>
      )}
      <h2>{t('complaints.yourText')}</h2>
      <p className="quote">{c.description}</p>

      <h2>{t('complaints.files')}</h2>
      {c.files.length === 0 && <p className="hint">{t('complaints.noFiles')}</p>}
      {c.files.length > 0 && (
        <ul className="files">
          {c.files.map((f) => (
            <li key={f.fileId}>
              {f.fileName} ({fileSize(f.sizeBytes, lang)})
            </li>
          ))}
        </ul>
      )}
      {c.status === 'received' && (
        <FileDrop
          label={t('complaints.addFiles')}
          send={({ uploadId: _uploadId, ...f }) => portal.complaints.addFile({ complaintId, ...f })}
          onUploaded={(f) => setC((x) => x && { ...x, files: [...x.files, f] })}
        />
      )}

      {c.answer && (
        <div className="todo" role="region" aria-labelledby="complaint-answer">
          <h2 id="complaint-answer">{t('complaints.answer')}</h2>
          <p className="hint">
            {t(`complaints.outcome.${c.answer.outcome}`)} · {longDateTime(c.answer.at, lang)}
          </p>
          <p>{c.answer.text}</p>
        </div>
      )}
      {c.status === 'answered' && !c.feedback && <Feedback complaint={c} onDone={setC} />}
      {c.feedback && (
        <p className="notice">{c.feedback.satisfied ? t('complaints.thanks') : t('complaints.notSatisfiedNoted')}</p>
      )}
      {c.externalRoutes && c.externalRoutes.length > 0 && <ExternalRoutes complaint={c} />}

      <h2>{t('complaints.timeline')}</h2>
      <ol className="timeline">
        {c.timeline.map((x) => (
          <li key={`${x.status}-${x.at}`}>
            {t(`complaints.status.${x.status}`)} · {longDateTime(x.at, lang)}
            {x.note ? ` · ${x.note}` : ''}
          </li>
        ))}
      </ol>
      {c.status === 'received' && (
        <p>
          <button
            type="button"
            className="secondary danger"
            onClick={() => void act.run(() => portal.complaints.withdraw({ complaintId })).then((x) => x && setC(x))}
          >
            {t('complaints.withdraw')}
          </button>
        </p>
      )}
      <Outcome of={act} />
    </section>
  );
}

/** Is the person satisfied with the answer? Yes closes it; no says why and shows where to go next. */
function Feedback({ complaint, onDone }: { complaint: Complaint; onDone: (c: Complaint) => void }) {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [choice, setChoice] = useState<'yes' | 'no' | null>(null);
  const [values, setValues] = useState({ reason: '' });
  const send = useAction();
  const form = useFormStep({
    values,
    onValues: setValues,
    schema: ComplaintFeedbackSchema,
    toPayload: (v) => ({ satisfied: false, reason: v.reason.trim() || undefined }),
    rules: 'complaints.rule',
  });
  const answer = async (satisfied: boolean) => {
    if (!satisfied && !form.check()) return;
    const done = await send.run(() =>
      portal.complaints.feedback({
        complaintId: complaint.complaintId,
        satisfied,
        ...(satisfied ? {} : { reason: values.reason.trim() }),
      }),
    );
    if (done) onDone(done);
  };
  return (
    <div className="todo" role="region" aria-labelledby="complaint-feedback">
      <h2 id="complaint-feedback">{t('complaints.feedbackTitle')}</h2>
      <p className="actions">
        <button type="button" onClick={() => void answer(true)} disabled={send.running}>
          {t('complaints.satisfied')}
        </button>
        <button type="button" className="secondary" onClick={() => setChoice('no')} aria-expanded={choice === 'no'}>
          {t('complaints.notSatisfied')}
        </button>
      </p>
      {choice === 'no' && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void answer(false);
          }}
        >
          <TextArea name="reason" label={t('complaints.whyNot')} maxLength={1000} rows={4} {...form.bind('reason')} />
          <FormSummary form={form} />
          <button type="submit" disabled={send.running}>
            {t('complaints.sendFeedback')}
          </button>
        </form>
      )}
      <ErrorMessage error={send.error} />
    </div>
  );
}

/** LAPS SJK and OJK's portal: opened in the browser on a personal device; on a kiosk, written down to visit later. */
function ExternalRoutes({ complaint }: { complaint: Complaint }) {
  const { t } = useTranslation();
  const { portal, info } = useApp();
  const open = useAction();
  return (
    <div className="notice" role="region" aria-labelledby="complaint-external">
      <h2 id="complaint-external">{t('complaints.externalTitle')}</h2>
      <p>{t('complaints.externalLead')}</p>
      <ul>
        {complaint.externalRoutes!.map((r) => (
          <li key={r.url}>
            <strong>{r.name}</strong>
            {info.mode === 'personal' ? (
              <>
                {' '}
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void open.run(() =>
                      portal.complaints.openExternal({ complaintId: complaint.complaintId, url: r.url }),
                    )
                  }
                >
                  {t('complaints.openSite', { host: new URL(r.url).host })}
                </button>
              </>
            ) : (
              <> · {r.url}</>
            )}
            {r.phone && <> · {t('complaints.phone', { phone: r.phone })}</>}
          </li>
        ))}
      </ul>
      <ErrorMessage error={open.error} />
    </div>
  );
}
