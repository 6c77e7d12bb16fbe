import { ComplainAbout } from '../../components/complain-about';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Claim, ClaimFile } from '../../../contract/api/claims';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Field, Outcome, StepHeading, useAction } from '../../components/ui';
import { longDate, longDateTime, rupiah } from '../../format';
import { RuleList, StatusBadge } from './claim-bits';
import { ClaimTracker } from './claim-tracker';
import { FileDrop } from './file-drop';
import { FileList } from './claim-files';

/**
 * A claim's page: status and its tracker (steps, expected decision), what the insurer asked for (and the answer
 * with files), the decision, the payment, the timeline and the files. It reloads by itself
 * when the events stream says the claim moved.
 */
export function ClaimPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal } = useApp();
  const { claimId = '' } = useParams();
  const [claim, setClaim] = useState<Claim | null>(null);
  const [note, setNote] = useState('');
  const [updated, setUpdated] = useState(false);
  const [banks, setBanks] = useState<Array<{ code: string; name: string }>>([]);
  const load = useAction();
  const act = useAction();

  const reload = () => load.run(() => portal.claims.get({ claimId })).then((c) => c && setClaim(c));
  // The payout bank by name, not by its code.
  useEffect(() => void portal.claims.banks().then((r) => r.ok && setBanks(r.value.banks)), [portal]);
  useEffect(() => {
    void reload();
    return portal.claims.onUpdated((e) => {
      if (e.claimId !== claimId) return;
      setUpdated(true);
      void reload();
    });
  }, [portal, claimId]);

  if (!claim)
    return (
      <section>
        <BackLink to="/klaim" label={t('claims.back')} />
        <Outcome of={load} />
      </section>
    );

  const addFile = (f: ClaimFile) => setClaim((c) => (c ? { ...c, files: [...c.files, f] } : c));
  const requestAt = claim.pendingRequest?.at;
  const newFiles = requestAt ? claim.files.filter((f) => f.uploadedAt >= requestAt) : [];
  const answer = async () => {
    const c = await act.run(() => portal.claims.answer({ claimId, note }));
    if (c) {
      setClaim(c);
      setNote('');
    }
  };
  const withdraw = async () => {
    if (!window.confirm(t('claims.confirmWithdraw'))) return;
    const c = await act.run(() => portal.claims.withdraw({ claimId }));
    if (c) setClaim(c);
  };
  const removeNew = async (f: ClaimFile) => {
    if (await act.run(() => portal.claims.removeFile({ claimId, fileId: f.fileId })))
      setClaim({ ...claim, files: claim.files.filter((x) => x.fileId !== f.fileId) });
  };

  // What the back office wrote when it approved less than was claimed: the reason a person looks for.
  const difference =
    claim.approvedAmount !== undefined && claim.amountClaimed !== undefined
      ? claim.amountClaimed - claim.approvedAmount
      : 0;
  const approvalNote = claim.timeline.findLast((e) => e.status === 'approved')?.note;

  return (
    <section>
      <BackLink to="/klaim" label={t('claims.back')} />
      <StepHeading>
        {t(`claims.type.${claim.type}`)} · {claim.claimNumber}
      </StepHeading>
      <p>
        <StatusBadge status={claim.status} />
      </p>
      <ClaimTracker claim={claim} />
      {updated && (
        <p className="notice" role="status">
          {t('claims.updated')}
        </p>
      )}
      <Outcome of={load} />
      {claim.pendingRequest && (
        <div className="todo" role="region" aria-labelledby="claim-request">
          <h2 id="claim-request">{t('claims.requestTitle')}</h2>
          <p>{claim.pendingRequest.note}</p>
          <ul>
            {claim.pendingRequest.documentKinds.map((k) => (
              <li key={k}>
                {t(`claims.kind.${k}`)}
                <FileDrop
                  kind={k}
                  label={t(`claims.kind.${k}`)}
                  send={(f) => portal.claims.addFile({ claimId, kind: k, ...f })}
                  onUploaded={addFile}
                />
              </li>
            ))}
          </ul>
          <FileList claimId={claimId} files={newFiles} onRemove={removeNew} />
          <Field name="note" label={t('claims.answerNote')} value={note} onChange={setNote} maxLength={1000} />
          <RuleList error={act.error} />
          <button type="button" onClick={() => void answer()} disabled={!note.trim() || act.running}>
            {t('claims.sendAnswer')}
          </button>
        </div>
      )}

      <dl className="facts">
        <dt>{t('claims.number')}</dt>
        <dd>{claim.claimNumber}</dd>
        <dt>{t('claims.policy')}</dt>
        <dd>{claim.policyNumber}</dd>
        <dt>{t('claims.person')}</dt>
        <dd>{claim.person.fullName}</dd>
        <dt>{t('claims.event')}</dt>
        <dd>
          {[claim.event.date && longDate(claim.event.date, lang), claim.event.providerName, claim.event.diagnosis]
            .filter(Boolean)
            .join(' · ')}
        </dd>
        {claim.amountClaimed !== undefined && (
          <>
            <dt>{t('claims.claimedAmount')}</dt>
            <dd>{rupiah(claim.amountClaimed, lang)}</dd>
          </>
        )}
        {claim.payout && (
          <>
            <dt>{t('claims.payoutTo')}</dt>
            <dd>
              {claim.payout.accountNumberMasked} · {claim.payout.accountHolder}
            </dd>
          </>
        )}
      </dl>

      {(claim.approvedAmount !== undefined || claim.rejectionReason) && (
        <>
          <h2>{t('claims.decision')}</h2>
          <dl className="facts">
            {claim.approvedAmount !== undefined && (
              <>
                <dt>{t('claims.approvedAmount')}</dt>
                <dd>{rupiah(claim.approvedAmount, lang)}</dd>
              </>
            )}
            {difference > 0 && (
              <>
                <dt>{t('claims.difference')}</dt>
                <dd>{rupiah(difference, lang)}</dd>
                <dt>{t('claims.differenceReason')}</dt>
                <dd>{approvalNote ?? t('claims.differenceAsk')}</dd>
              </>
            )}
            {claim.rejectionReason && (
              <>
                <dt>{t('claims.rejectionReason')}</dt>
                <dd>{claim.rejectionReason}</dd>
              </>
            )}
          </dl>
          {claim.guaranteeLetterDocumentId && (
            <p>
              <Link to={`/polis/${encodeURIComponent(claim.policyNumber)}/dokumen/${claim.guaranteeLetterDocumentId}`}>
                {t('claims.guaranteeLetter')}
              </Link>
            </p>
          )}
        </>
      )}

      {claim.paidAmount !== undefined && (
        <>
          <h2>{t('claims.payment')}</h2>
          <dl className="facts">
            <dt>{t('claims.paidAmount')}</dt>
            <dd>{rupiah(claim.paidAmount, lang)}</dd>
            {claim.paidAt && (
              <>
                <dt>{t('claims.paidAt')}</dt>
                <dd>{longDateTime(claim.paidAt, lang)}</dd>
              </>
            )}
            {claim.payout && (
              <>
                <dt>{t('claims.paidTo')}</dt>
                <dd>
                  {banks.find((b) => b.code === claim.payout!.bankCode)?.name ?? claim.payout.bankCode}{' '}
                  {claim.payout.accountNumberMasked} · {claim.payout.accountHolder}
                </dd>
              </>
            )}
          </dl>
          {/* The bank's own reference, for a question at the bank: there if needed, not in the way. */}
          {claim.paymentReference && (
            <details className="address-detail">
              <summary>{t('claims.transferDetails')}</summary>
              {t('claims.reference')}: {claim.paymentReference}
            </details>
          )}
        </>
      )}

      <h2>{t('claims.timeline')}</h2>
      <ol className="timeline">
        {claim.timeline.map((e, i) => (
          <li key={i}>
            <StatusBadge status={e.status} /> <span className="hint">{longDateTime(e.at, lang)}</span>
            {e.note && <p>{e.note}</p>}
          </li>
        ))}
      </ol>

      <h2>{t('claims.files')}</h2>
      <FileList claimId={claimId} files={claim.files} />

      <Outcome of={act} />
      {['submitted', 'verifying', 'documents_requested'].includes(claim.status) && (
        <p>
          <button type="button" className="secondary danger" onClick={() => void withdraw()}>
            {t('claims.withdraw')}
          </button>
        </p>
      )}
      {claim.status !== 'draft' && <ComplainAbout kind="claim" id={claim.claimId} />}
    </section>
  );
}
