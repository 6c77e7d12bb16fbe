import { RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskScans, PortalError, ScannedFile } from '../../contract/ipc';
import { useApp } from '../app-context';
import { longDateTime } from '../format';
import { ErrorMessage } from './ui';

const REFRESH_MS = 3000;

/**
 * A kiosk's file picker: no system dialog (it would let a customer browse the disk), only the
 * files the branch scanner saved during this visit, each handed over as a File. Without a
 * scanner it says where documents go instead.
 */
export function ScanPicker(props: {
  label: string;
  accept: ReadonlyArray<ScannedFile['contentType']>;
  onPick: (file: File) => void;
}) {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const [scans, setScans] = useState<KioskScans | null>(null);
  const [error, setError] = useState<PortalError | null>(null);

  const refresh = useCallback(async () => {
    const r = await portal.kiosk.scans();
    // A failed pick's message stays until the next pick: a background refresh does not wipe it.
    if (r.ok) setScans(r.value);
    else setError(r.error);
  }, [portal]);
  // A scan appears by itself a moment after the staff saves it; the button is for the impatient.
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const pick = async (f: ScannedFile) => {
    const r = await portal.kiosk.openScan({ fileId: f.fileId });
    if (!r.ok) {
      setError(r.error);
      return void refresh();
    }
    setError(null);
    props.onPick(new File([r.value.bytes], r.value.fileName, { type: r.value.contentType }));
  };

  if (scans?.source === 'none') return <p className="hint scan-none">{t('kiosk.noUploads')}</p>;
  const files = (scans?.files ?? []).filter((f) => props.accept.includes(f.contentType));
  return (
    <div className="scan-picker" role="group" aria-label={t('kiosk.scansFor', { what: props.label })}>
      <p className="hint">{t('kiosk.scanHint')}</p>
      {files.length === 0 ? (
        <p role="status">{scans ? t('kiosk.noScans') : t('kiosk.loadingScans')}</p>
      ) : (
        <ul className="scans">
          {files.map((f) => (
            <li key={f.fileId}>
              <span>
                {f.fileName} · {longDateTime(f.arrivedAt, i18n.language)}
              </span>
              <button
                type="button"
                className="secondary small"
                aria-label={t('kiosk.useScan', { name: f.fileName })}
                onClick={() => void pick(f)}
              >
                {t('kiosk.use')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="secondary small" onClick={() => void refresh()}>
        <RefreshCw aria-hidden="true" size={14} /> {t('kiosk.refreshScans')}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
