import { Trash2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';

/** A step's way on and back: Kembali (secondary), the step's one primary action, and deleting the draft. */
export function StepNav(p: {
  step: number;
  onBack: (step: number) => void;
  onNext: () => void;
  nextLabel?: string;
  disabled?: boolean;
  /** There is a draft on the service to delete. */
  onDelete?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      {p.step > 1 && (
        <button type="button" className="secondary" onClick={() => p.onBack(p.step - 1)}>
          {t('claims.previous')}
        </button>
      )}
      <button type="button" onClick={p.onNext} disabled={p.disabled}>
        {p.nextLabel ?? t('claims.next')}
      </button>
      {p.onDelete && (
        <button type="button" className="secondary danger" onClick={p.onDelete}>
          <Trash2 aria-hidden="true" size={16} /> {t('claims.deleteDraft')}
        </button>
      )}
    </div>
  );
}

/** What every step gets from the wizard to draw its StepNav. */
export type NavProps = Omit<Parameters<typeof StepNav>[0], 'onNext' | 'nextLabel' | 'disabled'>;
