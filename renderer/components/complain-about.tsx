import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ComplaintSubjectKind } from '../../contract/api/complaints';

/** "Ajukan pengaduan tentang ini": Pengaduan's form with this item already chosen. */
export function ComplainAbout({ kind, id }: { kind: ComplaintSubjectKind; id: string }) {
  const { t } = useTranslation();
  return (
    <p className="complain-about">
      <Link to={`/pengaduan/baru?tentang=${encodeURIComponent(`${kind}:${id}`)}`}>{t('complaints.aboutThis')}</Link>
    </p>
  );
}
