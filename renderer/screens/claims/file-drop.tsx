import { Upload, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLAIM_FILE_MAX_BYTES } from '../../../contract/api/claims';
import type { PortalError, PortalResult } from '../../../contract/ipc';
import { useApp } from '../../app-context';
import { ScanPicker } from '../../components/scan-picker';
import { ErrorMessage } from '../../components/ui';

const ACCEPTED = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** What is wrong with the file itself: choosing another one helps, "Coba lagi" never does. */
const FILE_FAULTS = new Set<string>([
  'file_too_large',
  'file_type_refused',
  'file_infected',
  'payload_too_large',
  'validation_failed',
]);

interface Sending {
  uploadId: string;
  file: File;
  percent: number;
  error: PortalError | null;
}

/** A picked file as the main process takes it: bytes with their name and type, and the upload's name. */
export interface PickedUpload {
  fileName: string;
  contentType: string;
  bytes: ArrayBuffer;
  uploadId: string;
}

/**
 * Files for one place (a kind of a claim's checklist, a complaint, a correction): dropped or
 * picked, each sent as bytes to the main process by `send` with its own progress (a claim's
 * files report theirs), and kept with its error (to retry or remove) when it fails. The
 * renderer never sees a path: only the bytes the person chose.
 */
export function FileDrop<T>(props: {
  label: string;
  /** What the files are (a claim's document kind), for the input's `data-kind`. */
  kind?: string;
  send: (picked: PickedUpload) => Promise<PortalResult<T>>;
  onUploaded: (file: T) => void;
}) {
  const { t } = useTranslation();
  const { portal, info } = useApp();
  const kiosk = info.mode === 'kiosk';
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState<Sending[]>([]);
  const [over, setOver] = useState(false);

  useEffect(
    () =>
      portal.claims.onUploadProgress((p) =>
        setSending((list) =>
          list.map((s) =>
            s.uploadId === p.uploadId
              ? { ...s, percent: p.totalBytes ? Math.round((p.sentBytes / p.totalBytes) * 100) : 0 }
              : s,
          ),
        ),
      ),
    [portal],
  );

  const send = async (s: Sending) => {
    setSending((list) => [...list.filter((x) => x.uploadId !== s.uploadId), { ...s, percent: 0, error: null }]);
    let error: PortalError | null = null;
    if (s.file.size > CLAIM_FILE_MAX_BYTES) error = { code: 'file_too_large' };
    else if (!(ACCEPTED as readonly string[]).includes(s.file.type)) error = { code: 'file_type_refused' };
    if (!error) {
      const r = await props.send({
        fileName: s.file.name,
        contentType: s.file.type,
        bytes: await s.file.arrayBuffer(),
        uploadId: s.uploadId,
      });
      if (r.ok) {
        setSending((list) => list.filter((x) => x.uploadId !== s.uploadId));
        props.onUploaded(r.value);
        return;
      }
      error = r.error;
    }
    setSending((list) => list.map((x) => (x.uploadId === s.uploadId ? { ...x, error } : x)));
  };

  const take = (files: FileList | File[] | null) => {
    for (const file of Array.from(files ?? [])) {
      void send({ uploadId: crypto.randomUUID(), file, percent: 0, error: null });
    }
  };

  const sendingList = (
    <SendingList
      sending={sending}
      onRetry={(s) => void send(s)}
      onRemove={(id) => setSending((l) => l.filter((x) => x.uploadId !== id))}
    />
  );
  // A kiosk opens no system dialog and takes no dropped files: only the branch scanner's.
  if (kiosk) {
    return (
      <div className="drop kiosk">
        <ScanPicker label={props.label} accept={ACCEPTED} onPick={(file) => take([file])} />
        {sendingList}
      </div>
    );
  }

  return (
    <div
      className={over ? 'drop over' : 'drop'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
    >
      <Upload aria-hidden="true" size={18} />
      <span>{t('claims.drop')} </span>
      <button type="button" className="secondary small" onClick={() => input.current?.click()}>
        {t('claims.pick')}
      </button>
      <label htmlFor={inputId} className="sr-only">
        {t('claims.pickFor', { kind: props.label })}
      </label>
      <input
        id={inputId}
        ref={input}
        type="file"
        className="sr-only"
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        multiple
        data-kind={props.kind}
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
      {sendingList}
    </div>
  );
}

function SendingList(props: {
  sending: Sending[];
  onRetry: (s: Sending) => void;
  onRemove: (uploadId: string) => void;
}) {
  const { t } = useTranslation();
  const { sending } = props;
  return (
    <>
      {sending.length > 0 && (
        <ul className="sending">
          {sending.map((s) => (
            <li key={s.uploadId}>
              {s.error ? (
                <>
                  <span>{t('claims.failed', { name: s.file.name })}</span>
                  <ErrorMessage error={s.error} />
                  {/* Sending the same file again helps only when the way failed, not the file. */}
                  {!FILE_FAULTS.has(s.error.code) && (
                    <button type="button" className="secondary small" onClick={() => props.onRetry(s)}>
                      {t('claims.retry')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="icon"
                    aria-label={t('claims.remove', { name: s.file.name })}
                    onClick={() => props.onRemove(s.uploadId)}
                  >
                    <X aria-hidden="true" size={16} />
                  </button>
                </>
              ) : (
                <>
                  <span role="status">{t('claims.uploading', { name: s.file.name, percent: s.percent })}</span>
                  <progress max={100} value={s.percent} aria-label={s.file.name} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
