/** The q-quantile (0..1) of a list of numbers, by nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** Runs `worker` in `clients` parallel loops until `ms` have passed; returns each call's latency. */
export async function closedLoop(clients: number, ms: number, worker: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await worker(n++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}
