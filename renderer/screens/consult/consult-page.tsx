import { CheckCheck } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Consultation, ConsultationMessage } from '../../../contract/api/consultations';
import { useApp } from '../../app-context';
import { ScanPicker } from '../../components/scan-picker';
import { BackLink } from '../../components/back-link';
import { Outcome, StepHeading, useAction } from '../../components/ui';
import { ConsultBadge } from './consult-list';

/** "Typing" goes to the doctor at most this often; and shows here this long after the doctor's. */
const TYPING_EVERY_MS = 3000;
const TYPING_SHOWN_MS = 4000;

const time = (iso: string, lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(
    new Date(iso),
  );

/** A photo of the chat, fetched through the main process and shown from a blob URL. */
function ChatImage({ consultationId, fileId, alt }: { consultationId: string; fileId: string; alt: string }) {
  const { portal } = useApp();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    void portal.consult.openImage({ consultationId, fileId }).then((r) => {
      if (!r.ok) return;
      made = URL.createObjectURL(new Blob([r.value.bytes], { type: r.value.contentType }));
      setUrl(made);
    });
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [portal, consultationId, fileId]);
  return url ? <img className="chat-image" src={url} alt={alt} /> : <span className="hint">…</span>;
}

/** One message as a bubble: mine on the right, the doctor's on the left, the service's notes in the middle. */
function Bubble({ m, lang, consultationId }: { m: ConsultationMessage; lang: string; consultationId: string }) {
  const { t } = useTranslation();
  if (m.from === 'system')
    return (
      <li className="bubble system">
        {t(`consult.system.${m.text ?? ''}`, { defaultValue: m.text ?? '' })} · {time(m.sentAt, lang)}
      </li>
    );
  return (
    <li className={`bubble ${m.from}`}>
      <span className="sr-only">{m.from === 'customer' ? t('consult.you') : t('consult.doctor')}: </span>
      {m.file ? (
        <ChatImage consultationId={consultationId} fileId={m.file.fileId} alt={t('consult.photo')} />
      ) : (
        <span className="text">{m.text}</span>
      )}
      <span className="meta">
        {time(m.sentAt, lang)}
        {m.from === 'customer' && m.readAt && (
          <>
            {' '}
            <CheckCheck aria-hidden="true" size={14} />
            <span className="sr-only">{t('consult.read')}</span>
          </>
        )}
      </span>
    </li>
  );
}

/**
 * One consultation: waiting with its place in the queue, the chat with the doctor (live,
 * typing, read marks, unsent messages marked until they go), and the closed view with the
 * summary in Dokumen Polis.
 */
export function ConsultPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal, info } = useApp();
  const kiosk = info.mode === 'kiosk';
  const { consultationId = '' } = useParams();
  const [c, setC] = useState<Consultation | null>(null);
  const [messages, setMessages] = useState<ConsultationMessage[]>([]);
  const [unsent, setUnsent] = useState<Array<{ clientMessageId: string; text: string }>>([]);
  const [draft, setDraft] = useState('');
  const [doctorTyping, setDoctorTyping] = useState(false);
  const load = useAction();
  const send = useAction();
  const lastTyping = useRef(0);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const boxId = useId();

  const clearSendError = send.setError.bind(null, null);
  // The newest seq the screen has: after a drop it asks only for what came after (nothing doubled).
  const lastSeq = useRef(0);
  const refresh = useCallback(async () => {
    const [got, list] = await Promise.all([
      portal.consult.get({ consultationId }),
      portal.consult.messages({ consultationId, after: lastSeq.current }),
    ]);
    if (got.ok) setC(got.value);
    if (list.ok) {
      const fresh = list.value.messages;
      if (fresh.length) lastSeq.current = Math.max(lastSeq.current, ...fresh.map((m) => m.seq));
      setMessages((held) =>
        [...held, ...fresh.filter((m) => !held.some((h) => h.seq === m.seq))].sort((a, b) => a.seq - b.seq),
      );
      setUnsent(list.value.unsent);
      // Everything written has reached the service: the note about the network is over.
      if (list.value.unsent.length === 0) clearSendError();
      const lastDoctor = fresh.filter((m) => m.from !== 'customer').at(-1);
      if (lastDoctor) void portal.consult.markRead({ consultationId, upToSeq: lastDoctor.seq });
    }
    return got;
  }, [portal, consultationId]);

  useEffect(() => {
    // Another consultation (the same screen reused): start from its first message.
    lastSeq.current = 0;
    setMessages([]);
    void load.run(refresh);
  }, [refresh]);

  useEffect(
    () =>
      portal.consult.onEvent((e) => {
        if (e.consultationId !== consultationId) return;
        if (e.kind === 'typing') {
          if (e.from !== 'doctor') return;
          setDoctorTyping(true);
          if (typingTimer.current) clearTimeout(typingTimer.current);
          typingTimer.current = setTimeout(() => setDoctorTyping(false), TYPING_SHOWN_MS);
          return;
        }
        if (e.kind === 'read') {
          // The doctor read up to here: the marks show without asking again.
          if (e.from === 'doctor') {
            const at = new Date().toISOString();
            setMessages((held) =>
              held.map((m) => (m.from === 'customer' && m.seq <= e.upToSeq && !m.readAt ? { ...m, readAt: at } : m)),
            );
          }
          return;
        }
        if (e.kind === 'message' && e.message.from === 'doctor') setDoctorTyping(false);
        void refresh();
      }),
    [portal, consultationId, refresh],
  );

  const write = (text: string) => {
    setDraft(text);
    const now = Date.now();
    if (text && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      void portal.consult.typing({ consultationId });
    }
  };
  const submit = async () => {
    const text = draft.trim();
    if (!text) return;
    // The text stays in the box until the main process has it (sent, or kept to send again).
    const result = await portal.consult.send({ consultationId, text });
    send.setError(result.ok ? null : result.error);
    if (result.ok) {
      setDraft('');
      await refresh();
    } else if (result.error.code === 'network_unavailable') {
      // The main process keeps it and sends it again; shown as unsent until the service has it.
      setDraft('');
      setUnsent((u) => [...u, { clientMessageId: `here-${u.length}-${text.length}`, text }]);
    }
  };

  const sendPhoto = async (file: File) => {
    if (file.type !== 'image/jpeg' && file.type !== 'image/png') {
      send.setError({ code: 'file_type_refused', details: { reason: 'type_not_allowed' } });
      return;
    }
    const bytes = await file.arrayBuffer();
    const r = await send.run(() =>
      portal.consult.sendImage({ consultationId, fileName: file.name, contentType: file.type as 'image/jpeg', bytes }),
    );
    if (r) await refresh();
  };

  const writable = c?.status === 'waiting' || c?.status === 'active';
  return (
    <section>
      <BackLink to="/telekonsultasi" label={t('consult.back')} />
      <Outcome of={load} />
      {c && (
        <>
          <StepHeading>{c.topic}</StepHeading>
          <p>
            <ConsultBadge c={c} /> {c.number} · {c.person.fullName}
            {c.doctor && ` · ${c.doctor.name} (${c.doctor.licenseNumber})`}
          </p>
          {c.status === 'waiting' && (
            <div className="notice" role="status">
              <p>{t('consult.waiting', { position: c.queuePosition, minutes: c.estimatedWaitMinutes })}</p>
              <button
                type="button"
                className="secondary"
                onClick={() => void load.run(() => portal.consult.cancel({ consultationId })).then(() => refresh())}
              >
                {t('consult.cancel')}
              </button>
            </div>
          )}
          {c.status === 'expired' && <p className="notice">{t('consult.expired')}</p>}
          {c.status === 'closed' && c.summary && (
            <div className="summary">
              <h2>{t('consult.summary')}</h2>
              <p>{c.summary.text}</p>
              {c.summary.advice && (
                <>
                  <h3>{t('consult.advice')}</h3>
                  <p>{c.summary.advice}</p>
                </>
              )}
              {c.summary.followUp && (
                <>
                  <h3>{t('consult.followUp')}</h3>
                  <p>{c.summary.followUp}</p>
                </>
              )}
              <p>
                <Link to={`/polis/${encodeURIComponent(c.policyNumber)}/dokumen/${c.summary.documentId}`}>
                  {t('consult.summaryPdf')}
                </Link>
              </p>
            </div>
          )}
          <ol className="chat" aria-label={t('consult.chat')} aria-live="polite">
            {messages.map((m) => (
              <Bubble key={m.messageId} m={m} lang={lang} consultationId={consultationId} />
            ))}
            {unsent.map((u) => (
              <li key={u.clientMessageId} className="bubble customer unsent">
                <span className="text">{u.text}</span>
                <span className="meta">{t('consult.unsent')}</span>
              </li>
            ))}
          </ol>
          {doctorTyping && (
            <p className="hint" role="status">
              {t('consult.typing')}
            </p>
          )}
          {writable && (
            <form className="chat-form" onSubmit={(e) => (e.preventDefault(), void submit())}>
              <label htmlFor={boxId}>{t('consult.message')}</label>
              <textarea
                id={boxId}
                rows={2}
                maxLength={4000}
                value={draft}
                onChange={(e) => write(e.target.value)}
                onKeyDown={(e) => {
                  // Enter sends; Shift+Enter starts a new line.
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    void submit();
                  }
                }}
              />
              <button type="submit" disabled={!draft.trim()}>
                {t('consult.sendMessage')}
              </button>
              {kiosk ? null : (
                <label className="button secondary photo">
                  {t('consult.sendPhoto')}
                  <input
                    type="file"
                    accept="image/jpeg,image/png"
                    className="sr-only"
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      e.target.value = '';
                      if (file) void sendPhoto(file);
                    }}
                  />
                </label>
              )}
            </form>
          )}
          {kiosk && writable && (
            <ScanPicker
              label={t('consult.sendPhoto')}
              accept={['image/jpeg', 'image/png']}
              onPick={(f) => void sendPhoto(f)}
            />
          )}
          {send.error && send.error.code !== 'network_unavailable' && <Outcome of={send} />}
          {send.error?.code === 'network_unavailable' && <p className="hint">{t('consult.willResend')}</p>}
        </>
      )}
    </section>
  );
}
