import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessEntry, Consent, DataExport } from '../../../contract/api/privacy';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { useToast } from '../../components/feedback';
import { useStepUp } from '../../components/step-up';
import { ErrorMessage, Outcome, Skeleton, StepHeading, useAction } from '../../components/ui';
import { fileSize, longDateTime } from '../../format';

/**
 * Akun Saya → Data Saya (complaints-privacy.md, App; UU 27/2022): consents with their texts and
 * switches, who looked at the person's data, a copy of it to download, and closing the account.
 * A shared kiosk shows the first two only: it neither downloads a person's whole file nor closes
 * an account.
 */
export function DataSaya() {
  const { t } = useTranslation();
  const { info } = useApp();
  const kiosk = info.mode === 'kiosk';
  return (
    <section className="account">
      <BackLink to="/akun" label={t('privacy.backToAccount')} />
      <StepHeading>{t('privacy.title')}</StepHeading>
      <p>{t('privacy.lead')}</p>
      <Consents />
      <AccessLog />
      {kiosk ? (
        <p className="notice">{t('privacy.kioskNote')}</p>
      ) : (
        <>
          <CopyOfMyData />
          <CloseAccount />
        </>
      )}
    </section>
  );
}

function Consents() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const toast = useToast();
  const [purposes, setPurposes] = useState<Consent[] | null>(null);
  const load = useAction();
  const save = useAction();
  useEffect(() => {
    void load.run(() => portal.privacy.consents()).then((r) => r && setPurposes(r.purposes));
  }, [portal]);
  const toggle = async (c: Consent) => {
    const done = await save.run(() =>
      portal.privacy.setConsent({ purpose: c.purpose, granted: !c.granted, version: c.version }),
    );
    if (!done) return;
    const again = await portal.privacy.consents();
    if (again.ok) setPurposes(again.value.purposes);
    toast(c.granted ? t('privacy.withdrawn') : t('privacy.granted'));
  };
  return (
    <section aria-labelledby="consents-h">
      <h2 id="consents-h">{t('privacy.consents')}</h2>
      <p>{t('privacy.consentsLead')}</p>
      <Outcome of={load} />
      {!purposes && !load.error && <Skeleton />}
      <ul className="consents">
        {purposes?.map((c) => (
          <li key={c.purpose} className="claim-card">
            <label className="check switch">
              <input
                type="checkbox"
                role="switch"
                checked={c.granted}
                disabled={save.running}
                onChange={() => void toggle(c)}
              />
              <strong>{t(`privacy.purpose.${c.purpose}`)}</strong>
            </label>
            <p>{c.text}</p>
            <p className="hint">
              {c.at
                ? t(c.granted ? 'privacy.givenOn' : 'privacy.notGivenOn', { date: longDateTime(c.at, i18n.language) })
                : t('privacy.neverAsked')}
              {c.review && ` · ${t('privacy.review')}`}
            </p>
          </li>
        ))}
      </ul>
      <ErrorMessage error={save.error} />
    </section>
  );
}

function AccessLog() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const [entries, setEntries] = useState<AccessEntry[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const load = useAction();
  const more = async (cursor?: string) => {
    const r = await load.run(() => portal.privacy.accessLog(cursor ? { cursor } : {}));
    if (!r) return;
    setEntries((e) => [...(cursor ? (e ?? []) : []), ...r.entries]);
    setNext(r.nextCursor);
  };
  useEffect(() => {
    void more();
  }, [portal]);
  return (
    <section aria-labelledby="access-h">
      <h2 id="access-h">{t('privacy.accessLog')}</h2>
      <p>{t('privacy.accessLead')}</p>
      <Outcome of={load} />
      {entries && entries.length === 0 && <p>{t('privacy.accessNone')}</p>}
      {entries && entries.length > 0 && (
        <table className="access-log">
          <caption className="sr-only">{t('privacy.accessLog')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('privacy.when')}</th>
              <th scope="col">{t('privacy.who')}</th>
              <th scope="col">{t('privacy.what')}</th>
              <th scope="col">{t('privacy.why')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.at}-${e.subject.id}-${i}`}>
                <td>{longDateTime(e.at, i18n.language)}</td>
                <td>{e.keyName}</td>
                <td>
                  {t(`privacy.action.${e.action}`, {
                    what: t(`privacy.subject.${e.subject.kind}`),
                    n: e.subject.number ?? '',
                  })}
                </td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => void more(next)} disabled={load.running}>
          {t('privacy.more')}
        </button>
      )}
    </section>
  );
}

function CopyOfMyData() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const toast = useToast();
  const [latest, setLatest] = useState<DataExport | null | undefined>(undefined);
  const [percent, setPercent] = useState<number | null>(null);
  const ask = useStepUp(portal);
  const download = useStepUp(portal);
  const refresh = async () => {
    const r = await portal.privacy.exports();
    if (r.ok) setLatest(r.value.exports[0] ?? null);
  };
  useEffect(() => {
    void refresh();
  }, [portal]);
  // While it is prepared, its state is asked for again now and then (the inbox also says when it is ready).
  useEffect(() => {
    if (latest?.status !== 'preparing') return;
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [latest?.status]);
  useEffect(
    () =>
      portal.privacy.onExportProgress((p) =>
        setPercent(p.totalBytes ? Math.round((p.receivedBytes / p.totalBytes) * 100) : 0),
      ),
    [portal],
  );
  const lang = i18n.language;
  const request = async () => {
    const made = await ask.run(() => portal.privacy.requestExport());
    if (made) setLatest(made);
  };
  const save = async () => {
    if (!latest) return;
    setPercent(0);
    const r = await download.run(() => portal.privacy.saveExport({ exportId: latest.exportId }));
    setPercent(null);
    if (r?.saved) toast(r.savedAs ? t('privacy.savedAs', { path: r.savedAs }) : t('privacy.saved'));
  };
  return (
    <section aria-labelledby="copy-h">
      <h2 id="copy-h">{t('privacy.copy')}</h2>
      <p>{t('privacy.copyLead')}</p>
      {latest === undefined && <Skeleton lines={1} />}
      {latest?.status === 'preparing' && (
        <p role="status" className="notice">
          <span className="spinner" aria-hidden="true" />{' '}
          {t('privacy.preparing', { date: longDateTime(latest.createdAt, lang) })}
        </p>
      )}
      {latest?.status === 'ready' && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <p>
            {t('privacy.ready', {
              size: fileSize(latest.sizeBytes ?? 0, lang),
              date: longDateTime(latest.expiresAt!, lang),
            })}
          </p>
          {download.field('download-password')}
          {percent !== null && (
            <p role="status">
              <progress max={100} value={percent} aria-label={t('privacy.downloading', { percent })} />{' '}
              {t('privacy.downloading', { percent })}
            </p>
          )}
          <Outcome of={download.action} passwordOnly />
          <button type="submit" disabled={download.action.running}>
            {t('privacy.download')}
          </button>
        </form>
      )}
      {latest?.status !== 'preparing' && latest !== undefined && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void request();
          }}
        >
          {latest?.status === 'expired' && <p className="hint">{t('privacy.expired')}</p>}
          {ask.field('copy-password')}
          <Outcome of={ask.action} passwordOnly />
          <button type="submit" className={latest?.status === 'ready' ? 'secondary' : undefined}>
            {t('privacy.askCopy')}
          </button>
        </form>
      )}
    </section>
  );
}

function CloseAccount() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [understood, setUnderstood] = useState(false);
  const close = useStepUp(portal);
  return (
    <section aria-labelledby="close-h">
      <h2 id="close-h">{t('privacy.close')}</h2>
      <p>{t('privacy.closeLead')}</p>
      <h3>{t('privacy.erased')}</h3>
      <ul>
        {(t('privacy.erasedList', { returnObjects: true }) as string[]).map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <h3>{t('privacy.kept')}</h3>
      <ul>
        {(t('privacy.keptList', { returnObjects: true }) as string[]).map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <p>{t('privacy.closeAfter')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (understood) void close.run(() => portal.privacy.closeAccount());
        }}
      >
        <label className="check">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          {t('privacy.understood')}
        </label>
        {close.field('close-password')}
        <Outcome of={close.action} passwordOnly />
        <button type="submit" className="danger" disabled={!understood || close.action.running}>
          {t('privacy.closeButton')}
        </button>
      </form>
    </section>
  );
}
