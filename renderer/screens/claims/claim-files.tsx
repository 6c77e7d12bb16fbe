import { useTranslation } from 'react-i18next';
import type { ClaimFile } from '../../../contract/api/claims';
import { FilePreview } from './file-preview';

/** The files of one kind, each with its preview and a way to remove it. */
export function FileList(props: {
  claimId: string;
  files: ClaimFile[];
  onRemove?: (f: ClaimFile) => void | Promise<void>;
}) {
  const { t } = useTranslation();
  if (props.files.length === 0) return null;
  return (
    <ul className="files">
      {props.files.map((f) => (
        <li key={f.fileId}>
          <FilePreview claimId={props.claimId} file={f} />
          <span>{f.fileName}</span>
          {props.onRemove && (
            <button type="button" className="link" onClick={() => void props.onRemove!(f)}>
              {t('claims.remove', { name: f.fileName })}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
