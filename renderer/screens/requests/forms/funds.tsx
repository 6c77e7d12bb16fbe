import { useTranslation } from 'react-i18next';
import { FundSwitchPayloadSchema, TopUpPayloadSchema } from '../../../../contract/api/requests';
import { MoneyField } from '../../../components/ui';
import type { FormStep } from '../../../forms/use-form-step';
import { decimal4, rupiah, typedAmount } from '../../../format';
import { requestForm, type RequestContext } from './form-def';

/** Percent per fund, as typed: taken from (a switch), put into (a switch, a top-up); a top-up's amount. */
interface FundValues {
  from: Record<string, string>;
  to: Record<string, string>;
  amount: string;
}
const sumOf = (m: Record<string, string>) => Object.values(m).reduce((sum, v) => sum + (Number(v) || 0), 0);
const percents = (m: Record<string, string>) =>
  Object.entries(m)
    .filter(([, v]) => v !== '' && Number(v) !== 0)
    .map(([fundCode, v]) => ({ fundCode, percent: Number(v) }));
const nameOf = (ctx: RequestContext, code: string) => ctx.funds.find((f) => f.fundCode === code)?.fundName ?? code;
const digits = (v: string) => v.replace(/\D/gu, '');

/** The policy's funds with units and value, and the percents to move (a switch) or to put in (a top-up). */
function fundTable(kind: 'switch' | 'top_up') {
  return function FundFields({ form, ctx }: { form: FormStep<FundValues>; ctx: RequestContext }) {
    const { t, i18n } = useTranslation();
    const lang = i18n.language;
    const { from, to } = form.values;
    const total = sumOf(to);
    const toLabel = kind === 'switch' ? t('requests.switchTo') : t('requests.allocation');
    return (
      <>
        {kind === 'top_up' && (
          <MoneyField
            name="amount"
            label={t('requests.amount')}
            hint={t('requests.topUpHint')}
            maxLength={21}
            {...form.bind('amount')}
          />
        )}
        <table className="beneficiaries">
          <thead>
            <tr>
              <th scope="col">{t('requests.fund')}</th>
              <th scope="col">{t('requests.units')}</th>
              <th scope="col">{t('requests.value')}</th>
              {kind === 'switch' && <th scope="col">{t('requests.switchFrom')} (%)</th>}
              <th scope="col">{kind === 'switch' ? `${toLabel} (%)` : toLabel}</th>
            </tr>
          </thead>
          <tbody>
            {ctx.funds.map((f) => (
              <tr key={f.fundCode}>
                <th scope="row">{f.fundName}</th>
                <td>{decimal4(f.units, lang)}</td>
                <td>{rupiah(f.value, lang)}</td>
                {kind === 'switch' && (
                  <td>
                    {Number(f.units) > 0 && (
                      <input
                        aria-label={`${t('requests.switchFrom')} ${f.fundName} (%)`}
                        inputMode="numeric"
                        maxLength={3}
                        value={from[f.fundCode] ?? ''}
                        onChange={(e) => form.update({ from: { ...from, [f.fundCode]: digits(e.target.value) } })}
                      />
                    )}
                  </td>
                )}
                <td>
                  <input
                    aria-label={`${toLabel} ${f.fundName} (%)`}
                    inputMode="numeric"
                    maxLength={3}
                    value={to[f.fundCode] ?? ''}
                    onChange={(e) => form.update({ to: { ...to, [f.fundCode]: digits(e.target.value) } })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p role="status" className={total === 100 ? 'hint' : 'error'}>
          {t('requests.allocationTotal', { total })}
        </p>
        {Object.values(from).some((v) => Number(v) > 100) && (
          <p className="error" role="alert">
            {t('requests.rule.switch_over_100')}
          </p>
        )}
      </>
    );
  };
}

const initial = (): FundValues => ({ from: {}, to: {}, amount: '' });

export const fundSwitchForm = requestForm<FundValues>({
  initial,
  schema: FundSwitchPayloadSchema,
  payload: (v) => ({ from: percents(v.from), to: percents(v.to) }),
  review: (v, ctx, t) => [
    ...percents(v.from).map((x) => `${t('requests.switchFrom')} ${nameOf(ctx, x.fundCode)}: ${x.percent}%`),
    ...percents(v.to).map((x) => `${t('requests.switchTo')} ${nameOf(ctx, x.fundCode)}: ${x.percent}%`),
  ],
  Fields: fundTable('switch'),
});

export const topUpForm = requestForm<FundValues>({
  initial,
  schema: TopUpPayloadSchema,
  // Nothing typed is not an amount: the schema says the field is to be filled.
  payload: (v) => ({ amount: typedAmount(v.amount) ?? Number.NaN, allocation: percents(v.to) }),
  review: (v, ctx, t, lang) => [
    `${t('requests.amount')}: ${rupiah(typedAmount(v.amount) ?? 0, lang)}`,
    ...percents(v.to).map((x) => `${nameOf(ctx, x.fundCode)}: ${x.percent}%`),
  ],
  Fields: fundTable('top_up'),
});
