import { lazy, Suspense, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicyValue, UnitMovement } from '../../../contract/api/statements';
import { useApp } from '../../app-context';
import { DateField, Outcome, Skeleton, useAction } from '../../components/ui';
import { decimal4, longDate, rupiah } from '../../format';
import type { ChartSeries } from './fund-chart';

// uPlot comes with the chart, not with the signed-in screens.
const FundChart = lazy(() => import('./fund-chart').then((m) => ({ default: m.FundChart })));

type Range = '1m' | '3m' | '1y' | 'ytd' | 'start';
const RANGES: Range[] = ['1m', '3m', '1y', 'ytd', 'start'];

/** `YYYY-MM-DD` moved by whole months (the 31st becomes a shorter month's last day). */
function monthsBefore(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month0 = m - 1 - n;
  const year = y + Math.floor(month0 / 12);
  const month = ((month0 % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The range's first day, from its last (the service answers at most five years a call). */
function fromOf(range: Range, to: string, start: string): string {
  const fiveYears = monthsBefore(to, 60);
  switch (range) {
    case '1m':
      return monthsBefore(to, 1);
    case '3m':
      return monthsBefore(to, 3);
    case '1y':
      return monthsBefore(to, 12);
    case 'ytd':
      return `${to.slice(0, 4)}-01-01`;
    case 'start':
      return start > fiveYears ? start : fiveYears;
  }
}

/**
 * A unit-linked policy's funds on its page (statements.md, The app): the chart of its value and
 * its funds' prices over a chosen period with the same figures as a table, its transactions, and
 * "Buat laporan".
 */
export function FundPanel({ policyNumber, startDate }: { policyNumber: string; startDate: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal } = useApp();
  const tableId = useId();
  const [range, setRange] = useState<Range>('1y');
  const [today, setToday] = useState<string | null>(null);
  const [value, setValue] = useState<PolicyValue | null>(null);
  const [prices, setPrices] = useState<Record<string, Map<string, string>>>({});
  const [moves, setMoves] = useState<UnitMovement[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const load = useAction();
  const more = useAction();

  // The last price date the service knows (its "today" for the chart): the default year's last point.
  useEffect(() => {
    void load
      .run(() => portal.policies.value({ policyNumber }))
      .then((v) => {
        if (!v) return;
        setToday(v.points.at(-1)?.date ?? startDate);
      });
  }, [policyNumber]);

  const from = today ? fromOf(range, today, startDate) : null;
  useEffect(() => {
    if (!today || !from) return;
    let stale = false;
    void (async () => {
      const v = await load.run(() => portal.policies.value({ policyNumber, from, to: today }));
      if (!v || stale) return;
      const byFund: Record<string, Map<string, string>> = {};
      for (const code of Object.keys(v.fundNames)) {
        const r = await portal.funds.prices({ fundCode: code, from, to: today });
        if (r.ok) byFund[code] = new Map(r.value.prices.map((x) => [x.date, x.price]));
      }
      const tx = await portal.policies.transactions({ policyNumber, from, to: today });
      if (stale) return;
      setPrices(byFund);
      setValue(v);
      if (tx.ok) {
        setMoves(tx.value.items);
        setCursor(tx.value.nextCursor);
      }
    })();
    return () => {
      stale = true;
    };
  }, [today, from]);

  const dates = useMemo(() => value?.points.map((p) => p.date) ?? [], [value]);
  const series = useMemo<ChartSeries[]>(() => {
    if (!value) return [];
    return [
      { label: t('funds.policyValue'), scale: 'value', values: value.points.map((p) => p.total) },
      ...Object.entries(value.fundNames).map(([code, name]) => ({
        label: t('funds.priceOf', { name }),
        scale: 'price' as const,
        values: value.points.map((p) => {
          const price = prices[code]?.get(p.date);
          return price === undefined ? null : Number(price);
        }),
      })),
    ];
  }, [value, prices, lang]);
  const marks = useMemo(() => [...new Set(moves.map((m) => m.date))], [moves]);
  const first = value?.points[0];
  const last = value?.points.at(-1);
  const summary =
    first && last
      ? t('funds.chartLabel', {
          from: longDate(first.date, lang),
          to: longDate(last.date, lang),
          start: rupiah(first.total, lang),
          end: rupiah(last.total, lang),
        })
      : '';

  return (
    <section aria-labelledby="funds-h">
      <h2 id="funds-h">{t('funds.title')}</h2>
      <div role="group" aria-label={t('funds.period')} className="range-buttons">
        {RANGES.map((r) => (
          <button
            key={r}
            type="button"
            className="secondary"
            aria-pressed={range === r}
            onClick={() => setRange(r)}
            disabled={!today}
          >
            {t(`funds.ranges.${r}`)}
          </button>
        ))}
      </div>
      <Outcome of={load} />
      {!value && load.running && <Skeleton lines={6} />}
      {value && value.points.length === 0 && <p>{t('funds.noPrices')}</p>}
      {value && value.points.length > 0 && (
        <>
          <Suspense fallback={<Skeleton lines={6} />}>
            <FundChart dates={dates} series={series} marks={marks} lang={lang} label={summary} describedBy={tableId} />
          </Suspense>
          <p className="hint">{t('funds.marksHint')}</p>
          <details>
            <summary>{t('funds.asTable')}</summary>
            {/* Scrolls on its own: reachable by keyboard, named for a screen reader. */}
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('funds.asTable')}>
              <table className="history" id={tableId}>
                <caption>{summary}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('funds.date')}</th>
                    <th scope="col">{t('funds.policyValue')}</th>
                    {Object.entries(value.fundNames).map(([code, name]) => (
                      <th scope="col" key={code}>
                        {t('funds.priceOf', { name })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {value.points.map((p) => (
                    <tr key={p.date}>
                      <th scope="row">{longDate(p.date, lang)}</th>
                      <td>{rupiah(p.total, lang)}</td>
                      {Object.keys(value.fundNames).map((code) => {
                        const price = prices[code]?.get(p.date);
                        return <td key={code}>{price === undefined ? '–' : decimal4(price, lang)}</td>;
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          <h3>{t('funds.transactions')}</h3>
          {moves.length === 0 ? (
            <p>{t('funds.noTransactions')}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('funds.transactions')}>
              <table className="history">
                <thead>
                  <tr>
                    <th scope="col">{t('funds.date')}</th>
                    <th scope="col">{t('funds.kind')}</th>
                    <th scope="col">{t('funds.fund')}</th>
                    <th scope="col">{t('funds.units')}</th>
                    <th scope="col">{t('funds.price')}</th>
                    <th scope="col">{t('funds.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {moves.map((m, i) => (
                    <tr key={`${m.date}-${m.fundCode}-${i}`}>
                      <td>{longDate(m.date, lang)}</td>
                      <td>
                        {t(`funds.kinds.${m.kind}`)}
                        {m.requestNumber ? ` (${m.requestNumber})` : ''}
                      </td>
                      <td>{value.fundNames[m.fundCode] ?? m.fundCode}</td>
                      <td>
                        {m.kind === 'switch_out' || m.kind === 'withdrawal' ? '−' : ''}
                        {decimal4(m.units, lang)}
                      </td>
                      <td>{decimal4(m.price, lang)}</td>
                      <td>{rupiah(m.amount, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {cursor && (
            <p>
              <button
                type="button"
                className="secondary"
                disabled={more.running}
                onClick={() =>
                  void more
                    .run(() => portal.policies.transactions({ policyNumber, from: from!, to: today!, cursor }))
                    .then((r) => {
                      if (!r) return;
                      setMoves((m) => [...m, ...r.items]);
                      setCursor(r.nextCursor);
                    })
                }
              >
                {t('funds.more')}
              </button>
            </p>
          )}
          <Outcome of={more} />
        </>
      )}
      <StatementForm policyNumber={policyNumber} startDate={startDate} today={today} />
    </section>
  );
}

/** "Buat laporan": a period of at most twelve months, built by the service and announced in Kotak Masuk. */
function StatementForm({
  policyNumber,
  startDate,
  today,
}: {
  policyNumber: string;
  startDate: string;
  today: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal } = useApp();
  const action = useAction();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);
  useEffect(() => {
    if (today && !from && !to) {
      setFrom(`${today.slice(0, 4)}-01-01`);
      setTo(today);
    }
  }, [today]);
  // The period's rules said in words (the service's: at most twelve months, not in the future).
  const rules =
    action.error?.code === 'validation_failed' ? ((action.error.details?.rules as string[] | undefined) ?? []) : [];
  const toYear = Number((today ?? startDate).slice(0, 4));
  const fromYear = Math.max(Number(startDate.slice(0, 4)), toYear - 10);
  return (
    <form
      noValidate
      aria-labelledby="statement-h"
      onSubmit={(e) => {
        e.preventDefault();
        setAsked(null);
        void action
          .run(() => portal.policies.requestStatement({ policyNumber, from, to }))
          .then((s) => {
            if (s) setAsked({ from: s.from, to: s.to });
          });
      }}
    >
      <h3 id="statement-h">{t('funds.statement')}</h3>
      <p>{t('funds.statementLead')}</p>
      <DateField
        name="statementFrom"
        label={t('funds.from')}
        value={from}
        onChange={setFrom}
        fromYear={fromYear}
        toYear={toYear}
      />
      <DateField
        name="statementTo"
        label={t('funds.to')}
        value={to}
        onChange={setTo}
        fromYear={fromYear}
        toYear={toYear}
      />
      {rules.length > 0 ? (
        <div className="error" role="alert">
          {rules.map((r) => (
            <p key={r}>{t(`funds.rules.${r}`, { defaultValue: t('errors.validation_failed') })}</p>
          ))}
        </div>
      ) : (
        <Outcome of={action} />
      )}
      {asked && (
        <p role="status" className="notice">
          {t('funds.statementAsked', { from: longDate(asked.from, lang), to: longDate(asked.to, lang) })}
        </p>
      )}
      <button type="submit" disabled={action.running || !from || !to}>
        {t('funds.makeStatement')}
      </button>
    </form>
  );
}
