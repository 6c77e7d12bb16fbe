import { useTranslation } from 'react-i18next';
import type { Claim, ClaimDocumentKind, ClaimFile, ClaimOptions } from '../../../../contract/api/claims';
import type { PortalError } from '../../../../contract/ipc';
import { useApp } from '../../../app-context';
import { Outcome } from '../../../components/ui';
import { FileList } from '../claim-files';
import { FileDrop } from '../file-drop';
import { StepNav, type NavProps } from './step-nav';

/** Step 4: each document the claim type asks for, required or not, with what is already sent. */
export function DocumentsStep(p: {
  nav: NavProps;
  claim: Claim;
  documents: ClaimOptions['types'][number]['documents'];
  onUploaded: (f: ClaimFile) => void;
  onRemove: (f: ClaimFile) => void | Promise<void>;
  saving: { error: PortalError | null; busy: boolean };
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const { portal } = useApp();
  return (
    <div>
      <p>{t('claims.documentsLead')}</p>
      <ul className="checklist">
        {p.documents.map((d) => (
          <li key={d.kind}>
            <h3>
              {t(`claims.kind.${d.kind}`)}{' '}
              <span className="hint">({d.required ? t('claims.required') : t('claims.optional')})</span>
            </h3>
            <FileList
              claimId={p.claim.claimId}
              files={p.claim.files.filter((f) => f.kind === d.kind)}
              onRemove={p.onRemove}
            />
            <FileDrop
              kind={d.kind}
              label={t(`claims.kind.${d.kind}`)}
              send={(f) => portal.claims.addFile({ claimId: p.claim.claimId, kind: d.kind as ClaimDocumentKind, ...f })}
              onUploaded={p.onUploaded}
            />
          </li>
        ))}
      </ul>
      <Outcome of={p.saving} />
      <StepNav {...p.nav} onNext={p.onNext} />
    </div>
  );
}
