import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { Consultation, ConsultationMessage, QueueEntrySchema } from '../contract/api/consultations';
import { ApiError, DoctorApi } from './api';

type QueueEntry = z.infer<typeof QueueEntrySchema>;

const ERRORS: Record<string, string> = {
  invalid_credentials: 'Username atau password salah.',
  otp_invalid: 'Kode salah. Periksa e-mail Anda.',
  otp_expired: 'Kode sudah tidak berlaku. Masuk lagi untuk kode baru.',
  otp_attempts_exceeded: 'Terlalu banyak kode salah. Masuk lagi untuk kode baru.',
  rate_limited: 'Terlalu banyak percobaan. Tunggu sebentar.',
  conflict: 'Konsultasi ini sudah diambil dokter lain.',
  transition_invalid: 'Konsultasi ini sudah berubah status. Muat ulang antrean.',
  unauthenticated: 'Sesi berakhir. Silakan masuk kembali.',
  session_expired: 'Sesi berakhir. Silakan masuk kembali.',
  network_unavailable: 'Tidak ada koneksi ke layanan. Coba lagi.',
  invalid_request: 'Isian belum sesuai.',
};
const say = (err: unknown) =>
  err instanceof ApiError ? (ERRORS[err.code] ?? 'Terjadi kendala. Coba lagi.') : 'Terjadi kendala. Coba lagi.';
const time = (iso: string) =>
  new Intl.DateTimeFormat('id-ID', { timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(new Date(iso));
const SYSTEM: Record<string, string> = {
  doctor_joined: 'Anda bergabung',
  closed: 'Konsultasi ditutup',
  expired: 'Waktu tunggu habis',
};

function Alert({ text }: { text: string | null }) {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

function Login({ api, onIn }: { api: DoctorApi; onIn: (name: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [flow, setFlow] = useState<{ flowId: string; destination: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { u: useId(), p: useId(), c: useId() };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setFlow(await api.call('POST', '/v1/doctor/sessions', { username, password }));
      setPassword('');
    } catch (err) {
      setError(say(err));
    }
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await api.call<{ token: string; doctor: { name: string } }>('POST', '/v1/doctor/sessions/verify', {
        flowId: flow!.flowId,
        code,
      });
      api.token = s.token;
      onIn(s.doctor.name);
    } catch (err) {
      setError(say(err));
      if (err instanceof ApiError && ['otp_expired', 'otp_attempts_exceeded', 'flow_expired'].includes(err.code))
        setFlow(null);
    }
  };
  return (
    <main className="card narrow">
      <h1>Konsol Dokter</h1>
      {!flow ? (
        <form onSubmit={(e) => void start(e)}>
          <label htmlFor={ids.u}>Username</label>
          <input id={ids.u} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
          <label htmlFor={ids.p}>Password</label>
          <input
            id={ids.p}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
          <Alert text={error} />
          <button type="submit">Masuk</button>
        </form>
      ) : (
        <form onSubmit={(e) => void verify(e)}>
          <p>Kode masuk telah dikirim ke {flow.destination}.</p>
          <label htmlFor={ids.c}>Kode dari e-mail</label>
          <input
            id={ids.c}
            inputMode="numeric"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/gu, ''))}
            autoComplete="one-time-code"
          />
          <Alert text={error} />
          <button type="submit">Verifikasi</button>
        </form>
      )}
    </main>
  );
}

/** A photo the person sent, fetched with the doctor's token and shown from a blob URL. */
function Photo({ api, id, fileId }: { api: DoctorApi; id: string; fileId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    void fetch(`/v1/doctor/consultations/${id}/files/${fileId}`, { headers: { authorization: `Bearer ${api.token}` } })
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => {
        if (!b) return;
        made = URL.createObjectURL(b);
        setUrl(made);
      })
      .catch(() => undefined);
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, id, fileId]);
  return url ? <img className="photo" src={url} alt="Foto dari pasien" /> : <span className="meta">memuat foto…</span>;
}

function Chat({ api, id, tick, onClosed }: { api: DoctorApi; id: string; tick: number; onClosed: () => void }) {
  const [c, setC] = useState<Consultation | null>(null);
  const [messages, setMessages] = useState<ConsultationMessage[]>([]);
  const [text, setText] = useState('');
  const [closing, setClosing] = useState(false);
  const [summary, setSummary] = useState({ summary: '', advice: '', followUp: '' });
  const [error, setError] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const ids = { m: useId(), s: useId(), a: useId(), f: useId() };

  const load = useCallback(async () => {
    try {
      const got = await api.call<Consultation>('GET', `/v1/doctor/consultations/${id}`);
      // Page by page (at most 100 each), until a page comes back short.
      const all: ConsultationMessage[] = [];
      for (let after = 0; ;) {
        const page = (
          await api.call<{ messages: ConsultationMessage[] }>(
            'GET',
            `/v1/doctor/consultations/${id}/messages?after=${after}&limit=100`,
          )
        ).messages;
        all.push(...page);
        if (page.length < 100) break;
        after = page.at(-1)!.seq;
      }
      setC(got);
      setMessages(all);
      const last = all.filter((m) => m.from === 'customer' && !m.readAt).at(-1);
      if (last) await api.call('POST', `/v1/doctor/consultations/${id}/read`, { upToSeq: last.seq });
    } catch (err) {
      setError(say(err));
    }
  }, [api, id]);
  useEffect(() => void load(), [load, tick]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    try {
      await api.call('POST', `/v1/doctor/consultations/${id}/messages`, {
        clientMessageId: crypto.randomUUID(),
        text: text.trim(),
      });
      setText('');
      await load();
    } catch (err) {
      setError(say(err));
    }
  };
  const write = (v: string) => {
    setText(v);
    if (v && Date.now() - lastTyping.current > 3000) {
      lastTyping.current = Date.now();
      void api.call('POST', `/v1/doctor/consultations/${id}/typing`).catch(() => undefined);
    }
  };
  const close = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.call('POST', `/v1/doctor/consultations/${id}/close`, summary);
      onClosed();
    } catch (err) {
      setError(say(err));
    }
  };
  if (!c) return <Alert text={error} />;
  return (
    <section className="card" aria-label="Percakapan">
      <h2>
        {c.topic} — {c.person.fullName}
      </h2>
      <p className="hint">
        <span className="number">{c.number}</span> · Polis <span className="number">{c.policyNumber}</span>
      </p>
      <p>
        <strong>Gejala:</strong> {c.symptoms}
      </p>
      <ol className="chat">
        {messages.map((m) => (
          <li key={m.messageId} className={`bubble ${m.from}`}>
            {m.file ? (
              <Photo api={api} id={id} fileId={m.file.fileId} />
            ) : m.from === 'system' ? (
              (SYSTEM[m.text ?? ''] ?? m.text)
            ) : (
              m.text
            )}{' '}
            <span className="meta">
              {time(m.sentAt)}
              {m.from === 'doctor' && m.readAt ? ' · dibaca' : ''}
            </span>
          </li>
        ))}
      </ol>
      <Alert text={error} />
      {c.status === 'active' && !closing && (
        <>
          <form className="row" onSubmit={(e) => void send(e)}>
            <label htmlFor={ids.m}>Pesan untuk pasien</label>
            <textarea id={ids.m} rows={2} maxLength={4000} value={text} onChange={(e) => write(e.target.value)} />
            <button type="submit">Kirim</button>
          </form>
          <button type="button" className="secondary" onClick={() => setClosing(true)}>
            Tutup konsultasi
          </button>
        </>
      )}
      {c.status === 'active' && closing && (
        <form onSubmit={(e) => void close(e)}>
          <label htmlFor={ids.s}>Ringkasan</label>
          <textarea
            id={ids.s}
            rows={3}
            maxLength={4000}
            value={summary.summary}
            onChange={(e) => setSummary({ ...summary, summary: e.target.value })}
          />
          <label htmlFor={ids.a}>Saran</label>
          <textarea
            id={ids.a}
            rows={2}
            maxLength={4000}
            value={summary.advice}
            onChange={(e) => setSummary({ ...summary, advice: e.target.value })}
          />
          <label htmlFor={ids.f}>Tindak lanjut</label>
          <input
            id={ids.f}
            maxLength={1000}
            value={summary.followUp}
            onChange={(e) => setSummary({ ...summary, followUp: e.target.value })}
          />
          <button type="submit">Tutup dan kirim ringkasan</button>
        </form>
      )}
      {c.status === 'closed' && <p className="notice">Konsultasi ditutup. Ringkasan telah dikirim ke pasien.</p>}
    </section>
  );
}

/** The doctor console (teleconsultation.md): sign in, the live queue, take, chat, close with a summary. */
export function Console() {
  const api = useMemo(() => new DoctorApi(), []);
  const [doctor, setDoctor] = useState<string | null>(null);
  const [queue, setQueue] = useState<QueueEntry[]>([]);
  const [mine, setMine] = useState<Consultation[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [down, setDown] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setQueue((await api.call<{ queue: QueueEntry[] }>('GET', '/v1/doctor/queue')).queue);
      setMine((await api.call<{ consultations: Consultation[] }>('GET', '/v1/doctor/consultations')).consultations);
    } catch (err) {
      setError(say(err));
      if (err instanceof ApiError && err.status === 401) setDoctor(null);
    }
  }, [api]);

  useEffect(() => {
    if (!doctor) return;
    void reload();
    return api.events((name) => {
      if (name === 'queue.updated' || name === 'consultation.status') void reload();
      if (name.startsWith('consultation.')) setTick((n) => n + 1);
    }, setDown);
  }, [api, doctor, reload]);

  const take = async (id: string) => {
    setError(null);
    try {
      await api.call('POST', `/v1/doctor/consultations/${id}/take`);
      setOpen(id);
      await reload();
    } catch (err) {
      setError(say(err));
      await reload();
    }
  };
  const signOut = async () => {
    await api.call('DELETE', '/v1/doctor/sessions/current').catch(() => undefined);
    api.token = null;
    setDoctor(null);
    setOpen(null);
  };

  if (!doctor) return <Login api={api} onIn={setDoctor} />;
  return (
    <div className="layout">
      <header>
        <h1>Konsol Dokter</h1>
        <p>
          {doctor}{' '}
          <button type="button" className="link" onClick={() => void signOut()}>
            Keluar
          </button>
        </p>
      </header>
      {down && (
        <p className="notice" role="status">
          Koneksi terputus, menyambung kembali…
        </p>
      )}
      <Alert text={error} />
      <main className="columns">
        <nav aria-label="Antrean dan konsultasi">
          <h2>Antrean ({queue.length})</h2>
          {queue.length === 0 && <p className="hint">Tidak ada pasien menunggu.</p>}
          <ul className="list">
            {queue.map((q) => (
              <li key={q.consultationId} className="card">
                <p>
                  <strong>{q.topic}</strong> · {q.person.fullName}, {q.person.age} th
                </p>
                <p className="hint">
                  <span className="number">{q.number}</span> · menunggu sejak {time(q.createdAt)}
                </p>
                <p>{q.symptoms}</p>
                <button type="button" onClick={() => void take(q.consultationId)}>
                  Ambil konsultasi <span className="number">{q.number}</span>
                </button>
              </li>
            ))}
          </ul>
          <h2>Konsultasi Anda</h2>
          <ul className="list">
            {mine.map((c) => (
              <li key={c.consultationId}>
                <button type="button" className="link" onClick={() => setOpen(c.consultationId)}>
                  <span className="number">{c.number}</span> · {c.person.fullName} (
                  {c.status === 'active' ? 'berlangsung' : 'selesai'})
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {open ? (
          <Chat api={api} id={open} tick={tick} onClosed={() => void reload().then(() => setTick((n) => n + 1))} />
        ) : (
          <p className="hint">Pilih pasien dari antrean.</p>
        )}
      </main>
    </div>
  );
}
