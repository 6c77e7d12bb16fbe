import { CreditCard } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { PaymentMethod } from '../../../contract/api/payments';

/** By kind, as Indonesian payment pages group them: bank transfer, QRIS, e-wallets, cards. */
const METHOD_GROUPS: Array<[string, PaymentMethod[]]> = [
  ['transfer', ['va_bca', 'va_mandiri', 'va_bni', 'va_bri', 'va_permata']],
  ['qris', ['qris']],
  ['wallet', ['gopay', 'shopeepay']],
  ['card', ['card']],
];

/**
 * Each bank, scheme and wallet as its own name set large in its house colour (styles.css), not a
 * logo: the marks are the owners' and no maintained set of them may be bundled. The card is named
 * in the person's language.
 */
const MARKS: Partial<Record<PaymentMethod, string>> = {
  va_bca: 'BCA',
  va_mandiri: 'Mandiri',
  va_bni: 'BNI',
  va_bri: 'BRI',
  va_permata: 'Permata',
  qris: 'QRIS',
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
};
const NOTED: PaymentMethod[] = ['qris'];

/** The methods offered for a bill, as tiles grouped by kind; the radio's name is the method's full name. */
export function MethodChoice(props: {
  offered: PaymentMethod[];
  value: PaymentMethod | '';
  onChange: (m: PaymentMethod) => void;
}) {
  const { t } = useTranslation();
  return METHOD_GROUPS.map(([group, members]) => {
    const offered = props.offered.filter((m) => members.includes(m));
    if (offered.length === 0) return null;
    return (
      <fieldset key={group} className="methods">
        <legend>{t(`payments.group.${group}`)}</legend>
        <div className="method-grid">
          {offered.map((m) => (
            <label key={m} className="method-tile">
              <input
                type="radio"
                name="method"
                value={m}
                aria-label={t(`payments.method.${m}`)}
                checked={props.value === m}
                onChange={() => props.onChange(m)}
              />
              <span className="method-mark" data-method={m}>
                {MARKS[m] ?? (
                  <>
                    <CreditCard aria-hidden="true" size={20} /> {t(`payments.method.${m}`)}
                  </>
                )}
              </span>
              {NOTED.includes(m) && <span className="method-note">{t(`payments.methodNote.${m}`)}</span>}
            </label>
          ))}
        </div>
      </fieldset>
    );
  });
}
