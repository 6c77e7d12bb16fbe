import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { REQUEST_FILES_MAX, type PolicyRequest } from '../../../contract/api/requests';
import { ComplainAbout } from '../../components/complain-about';
import { FileDrop } from '../claims/file-drop';
import { EmptyState } from '../../components/feedback';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Status } from '../../components/status';
import { Outcome, Skeleton, StepHeading, useAction } from '../../components/ui';
import { longDateTime } from '../../format';

/** A request's status in the app's one status language. */
export function RequestBadge({ r }: { r: PolicyRequest }) {
  return <Status kind="request" status={r.status} />;
}

/** Transaksi Polis: the person's requests, newest first, live as the back office moves them. */
export function RequestsList() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const [list, setList] = useState<PolicyRequest[] | null>(null);
  const [tick, setTick] = useState(0);
  const load = useAction();
  useEffect(() => portal.requests.onUpdated(() => setTick((n) => n + 1)), [portal]);
  useEffect(() => {
    void load.run(() => portal.requests.list({})).then((r) => r && setList(r.requests));
  }, [portal, tick]);
  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('requests.title')}</StepHeading>
      <p>
        <Link to="/transaksi/baru" className="button">
          {t('requests.new')}
        </Link>
      </p>
      <Outcome of={load} />
      {!list && !load.error && <Skeleton />}
      {list && list.length === 0 && <EmptyState text={t('requests.none')} next={t('requests.noneNext')} />}
      {list && list.length > 0 && (
        <ul className="claims">
          {list.map((r) => (
            <li key={r.requestId} className="claim-card">
              <p>
                <Link to={`/transaksi/${r.requestId}`}>
                  <strong>{t(`requests.type.${r.type}`)}</strong>
                </Link>{' '}
                <RequestBadge r={r} />
              </p>
              <p className="hint">
                {r.number} · {r.policyNumber} · {longDateTime(r.createdAt, i18n.language)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One request: its status, its timeline, why it was rejected, and "Batalkan" while it waits. */
export function RequestPage() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const { requestId = '' } = useParams();
  const [r, setR] = useState<PolicyRequest | null>(null);
  const [tick, setTick] = useState(0);
  const load = useAction();
  const cancel = useAction();
  useEffect(
    () => portal.requests.onUpdated((e) => e.requestId === requestId && setTick((n) => n + 1)),
    [portal, requestId],
  );
  useEffect(() => {
    void load.run(() => portal.requests.get({ requestId })).then((x) => x && setR(x));
  }, [portal, requestId, tick]);
  return (
    <section>
      <BackLink to="/transaksi" label={t('requests.back')} />
      <Outcome of={load} />
      {r && (
        <>
          <StepHeading>{t(`requests.type.${r.type}`)}</StepHeading>
          <p>
            <RequestBadge r={r} /> {r.number} · {r.policyNumber}
          </p>
          {r.billId && (r.status === 'submitted' || r.status === 'in_process') && (
            <p className="notice">
              {t('requests.topUpPay')} <Link to={`/pembayaran/tagihan/${r.billId}`}>{t('requests.payTopUp')}</Link>
            </p>
          )}
          {r.rejectionReason && (
            <p className="notice">
              {t('requests.rejectionReason')}: {r.rejectionReason}
            </p>
          )}
          {r.type === 'data_correction' && (
            <>
              <h2>{t('requests.documents')}</h2>
              {(r.files ?? []).length === 0 && <p className="notice">{t('requests.documentNeeded')}</p>}
              <ul className="files">
                {(r.files ?? []).map((f) => (
                  <li key={f.fileId}>{f.fileName}</li>
                ))}
              </ul>
              {r.status === 'submitted' && (r.files ?? []).length < REQUEST_FILES_MAX && (
                <FileDrop
                  label={t('requests.addDocument')}
                  send={({ uploadId: _uploadId, ...f }) => portal.requests.addFile({ requestId, ...f })}
                  onUploaded={(f) => setR((x) => x && { ...x, files: [...(x.files ?? []), f] })}
                />
              )}
            </>
          )}
          <h2>{t('requests.timeline')}</h2>
          <ol className="timeline">
            {r.timeline.map((x) => (
              <li key={`${x.status}-${x.at}`}>
                {t(`requests.status.${x.status}`)} · {longDateTime(x.at, i18n.language)}
                {x.note ? ` · ${x.note}` : ''}
              </li>
            ))}
          </ol>
          {r.status === 'submitted' && (
            <p>
              <button
                type="button"
                className="secondary danger"
                onClick={() => void cancel.run(() => portal.requests.cancel({ requestId })).then((x) => x && setR(x))}
              >
                {t('requests.cancel')}
              </button>
            </p>
          )}
          <Outcome of={cancel} />
          <ComplainAbout kind="request" id={r.requestId} />
        </>
      )}
    </section>
  );
}

/** Riwayat Polis on the policy's page: one line per applied change. */
export function PolicyHistory({ policyNumber }: { policyNumber: string }) {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const [entries, setEntries] = useState<Array<{ at: string; what: string; requestNumber: string }> | null>(null);
  useEffect(() => {
    void portal.policies.history({ policyNumber }).then((r) => r.ok && setEntries(r.value.entries));
  }, [portal, policyNumber]);
  return (
    <>
      <h2>{t('requests.history')}</h2>
      {entries && entries.length === 0 && <p>{t('requests.historyNone')}</p>}
      {entries && entries.length > 0 && (
        <ul className="list">
          {entries.map((e) => (
            <li key={`${e.requestNumber}-${e.at}`}>
              {longDateTime(e.at, i18n.language)} · {e.what} ({e.requestNumber})
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/transaksi/baru?polis=${encodeURIComponent(policyNumber)}`}>{t('requests.askChange')}</Link>
      </p>
    </>
  );
}
