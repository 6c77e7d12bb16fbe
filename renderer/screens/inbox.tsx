import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { InboxMessage } from '../../contract/api/events';
import { EmptyState } from '../components/feedback';
import { useApp } from '../app-context';
import { BackLink } from '../components/back-link';
import { Outcome, Skeleton, StepHeading, useAction } from '../components/ui';
import { longDateTime } from '../format';

/** Kotak Masuk: every message, newest first, unread ones marked; new ones arrive while it is open. */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const [messages, setMessages] = useState<InboxMessage[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const load = useAction();
  const mark = useAction();

  useEffect(() => {
    void load
      .run(() => app.portal.inbox.list({}))
      .then((r) => {
        if (!r) return;
        setMessages(r.messages);
        setNext(r.nextCursor);
        app.setUnread(r.unreadCount);
      });
    return app.portal.inbox.onMessage(({ message }) =>
      setMessages((old) => (old && !old.some((m) => m.messageId === message.messageId) ? [message, ...old] : old)),
    );
    // Written in the person's language by the service: read again when it changes.
  }, [app.portal, app.info.language]);

  const more = async () => {
    const r = await load.run(() => app.portal.inbox.list({ cursor: next }));
    if (!r) return;
    setMessages((old) => [...(old ?? []), ...r.messages]);
    setNext(r.nextCursor);
  };
  const readAll = async () => {
    if (!(await mark.run(() => app.portal.inbox.readAll()))) return;
    const now = new Date().toISOString();
    setMessages((old) => old?.map((m) => (m.readAt ? m : { ...m, readAt: now })) ?? null);
    app.setUnread(0);
  };

  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('inbox.title')}</StepHeading>
      <Outcome of={load} />
      {!messages && !load.error && <Skeleton />}
      <Outcome of={mark} />
      {messages && messages.length === 0 && <EmptyState text={t('inbox.empty')} next={t('inbox.emptyNext')} />}
      {messages && messages.some((m) => !m.readAt) && (
        <button type="button" className="secondary" onClick={() => void readAll()}>
          {t('inbox.readAll')}
        </button>
      )}
      {messages && messages.length > 0 && (
        <ul className="messages">
          {messages.map((m) => (
            <li key={m.messageId} className={m.readAt ? 'message' : 'message unread'}>
              <Link to={`/kotak-masuk/${m.messageId}`}>
                {!m.readAt && <span className="sr-only">{t('inbox.unread')}: </span>}
                {m.title}
              </Link>
              <span className="hint"> · {longDateTime(m.createdAt, i18n.language)}</span>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => void more()}>
          {t('inbox.more')}
        </button>
      )}
    </section>
  );
}

/** One message, marked read on opening; its item (a document, later a claim or a bill) one click away. */
export function InboxMessageScreen() {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const { messageId = '' } = useParams();
  const [message, setMessage] = useState<InboxMessage | null | undefined>();
  const action = useAction();

  useEffect(() => {
    void (async () => {
      // Found among the recent ones; the list is newest first and a message is opened from it.
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const r = await action.run(() => app.portal.inbox.list({ cursor }));
        if (!r) return;
        const found = r.messages.find((m) => m.messageId === messageId);
        if (found) {
          setMessage(found);
          if (!found.readAt) {
            const read = await app.portal.inbox.read({ messageId });
            if (read.ok) app.setUnread(Math.max(0, r.unreadCount - 1));
          }
          return;
        }
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      setMessage(null);
    })();
  }, [app.portal, messageId, app.info.language]);

  return (
    <section>
      <BackLink to="/kotak-masuk" label={t('inbox.back')} />
      <Outcome of={action} />
      {message === null && <p>{t('inbox.notFound')}</p>}
      {message && (
        <article>
          <StepHeading>{message.title}</StepHeading>
          <p className="hint">{longDateTime(message.createdAt, i18n.language)}</p>
          <p>{message.body}</p>
          {message.link?.kind === 'payment' && <ReceiptLink paymentId={message.link.id} />}
          {message.link?.kind === 'claim' && (
            <p>
              <Link to={`/klaim/${message.link.id}`}>{t('claims.viewClaim')}</Link>
            </p>
          )}
          {message.link?.kind === 'request' && (
            <p>
              <Link to={`/transaksi/${message.link.id}`}>{t('requests.view')}</Link>
            </p>
          )}
          {message.link?.kind === 'bill' && (
            <p>
              <Link to={`/pembayaran/tagihan/${message.link.id}`}>{t('inbox.payBill')}</Link>
            </p>
          )}
          {message.link?.kind === 'document' && (
            <p>
              {/* A statement or a letter: opened in the reader, its way back leading here. */}
              <Link
                to={`/polis/-/dokumen/${message.link.id}`}
                state={{ back: { to: `/kotak-masuk/${message.messageId}`, label: t('inbox.back') } }}
              >
                {t('inbox.openDocument')}
              </Link>
            </p>
          )}
          {message.link?.kind === 'consultation' && (
            <p>
              <Link to={`/telekonsultasi/${message.link.id}`}>{t('consult.view')}</Link>
            </p>
          )}
        </article>
      )}
    </section>
  );
}

/** A payment message's receipt, opened in the app's reader. */
function ReceiptLink({ paymentId }: { paymentId: string }) {
  const { t } = useTranslation();
  const app = useApp();
  const [to, setTo] = useState<string | null>(null);
  useEffect(() => {
    void app.portal.payments.get({ paymentId }).then((r) => {
      if (r.ok && r.value.receiptDocumentId) {
        setTo(`/polis/${encodeURIComponent(r.value.policyNumber)}/dokumen/${r.value.receiptDocumentId}`);
      }
    });
  }, [app.portal, paymentId]);
  return to ? (
    <p>
      <Link to={to}>{t('payments.receipt')}</Link>
    </p>
  ) : null;
}
