import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** One value per x, or null where there is none. */
  values: Array<number | null>;
  /** `value`: the policy's value (left axis, rupiah); `price`: a fund's unit price (right axis). */
  scale: 'value' | 'price';
}

/** The series' colours: the brand's for the value, then one for each fund (each ≥ 3:1 on white). */
const COLOURS = ['#0b5d4b', '#b45309', '#1d4ed8', '#7c3aed', '#be123c'];
const DAY_S = 86_400;

/** `YYYY-MM-DD` → seconds at UTC midnight (the chart's x), and back for the axis. */
export const secondsOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

/**
 * The policy's value and its funds' prices over the chosen period (statements.md, The app), drawn
 * by uPlot on a canvas: the value on the left axis in rupiah, the prices on the right; a dashed
 * vertical mark on each transaction's date. For a screen reader the canvas is one image whose
 * name says what it shows; the figures themselves are in the table beside it. Each draw's time
 * is a performance measure, `fund-chart-draw` (bench/statements.ts).
 */
export function FundChart(p: {
  dates: string[];
  series: ChartSeries[];
  marks: string[];
  lang: string;
  label: string;
  describedBy: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || p.dates.length === 0) return;
    const started = performance.now();
    let drawn = false;
    const money = new Intl.NumberFormat(p.lang === 'en' ? 'en-GB' : 'id-ID', {
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    const plain = new Intl.NumberFormat(p.lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 0 });
    const day = new Intl.DateTimeFormat(p.lang === 'en' ? 'en-GB' : 'id-ID', {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    const month = new Intl.DateTimeFormat(p.lang === 'en' ? 'en-GB' : 'id-ID', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const xs = p.dates.map(secondsOf);
    const marks = p.marks.map(secondsOf);
    const span = (xs.at(-1)! - xs[0]!) / DAY_S;
    const width = () => Math.max(320, el.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: 280,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, value: { auto: true }, price: { auto: true } },
        axes: [
          {
            stroke: '#4a5560',
            values: (_u, splits) => splits.map((s) => (span > 120 ? month : day).format(new Date(s * 1000))),
          },
          {
            scale: 'value',
            stroke: '#4a5560',
            size: 70,
            values: (_u, splits) => splits.map((s) => `Rp ${money.format(s)}`),
          },
          {
            scale: 'price',
            side: 1,
            stroke: '#4a5560',
            size: 60,
            grid: { show: false },
            values: (_u, splits) => splits.map((s) => plain.format(s)),
          },
        ],
        series: [
          {},
          ...p.series.map((s, i) => ({
            label: s.label,
            scale: s.scale,
            stroke: COLOURS[i % COLOURS.length],
            width: s.scale === 'value' ? 2.5 : 1.5,
            points: { show: false },
          })),
        ],
        hooks: {
          // A dashed mark on each transaction's date.
          draw: [
            (u) => {
              const { ctx, bbox } = u;
              ctx.save();
              ctx.strokeStyle = '#4a5560';
              ctx.setLineDash([4, 4]);
              ctx.lineWidth = 1;
              for (const x of marks) {
                if (x < xs[0]! || x > xs.at(-1)!) continue;
                const px = Math.round(u.valToPos(x, 'x', true));
                ctx.beginPath();
                ctx.moveTo(px, bbox.top);
                ctx.lineTo(px, bbox.top + bbox.height);
                ctx.stroke();
              }
              ctx.restore();
              // uPlot draws after the constructor returns: the first draw's end is here. Its time, for
              // bench/statements.ts to read (a performance entry costs nothing else).
              if (!drawn) {
                drawn = true;
                performance.measure('fund-chart-draw', { start: started, end: performance.now() });
              }
            },
          ],
        },
      },
      [xs, ...p.series.map((s) => s.values)],
      el,
    );
    const canvas = el.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', p.label);
    canvas?.setAttribute('aria-describedby', p.describedBy);
    const resize = new ResizeObserver(() => chart.setSize({ width: width(), height: 280 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [p.dates, p.series, p.marks, p.lang, p.label]);
  return <div ref={box} className="fund-chart" />;
}
