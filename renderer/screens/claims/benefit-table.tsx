import { useTranslation } from 'react-i18next';
import type { Benefits } from '../../../contract/api/claims';
import { longDate, rupiah } from '../../format';

/** Sisa limit manfaat: what is left of each benefit this policy year. */
export function BenefitTable({ benefits }: { benefits: Benefits | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!benefits || benefits.benefits.length === 0) return null;
  return (
    <div className="benefits">
      <h3>{t('claims.benefits')}</h3>
      <p className="hint">
        {t('claims.benefitsPeriod', {
          from: longDate(benefits.period.from, lang),
          to: longDate(benefits.period.to, lang),
        })}
      </p>
      <table>
        <tbody>
          {benefits.benefits.map((b) => (
            <tr key={b.code}>
              <th scope="row">{t(`claims.benefit.${b.code}`, { defaultValue: b.name })}</th>
              <td>
                {t('claims.benefitRemaining', {
                  remaining: rupiah(b.remaining, lang),
                  limit: rupiah(b.limit, lang),
                  per: t(`claims.benefitPer.${b.per}`),
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
