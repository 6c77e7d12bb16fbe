import { z } from 'zod';

/**
 * `YYYY-MM-DD`, a real calendar date, in the years a person, a policy or a claim can have:
 * 1900 to 2099 (a date such as 9999-12-01 is a typing slip, and no calendar of working days
 * or holidays reaches it). Rules of the areas narrow it further (an event is not in the future).
 */
export const IsoDateSchema = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= '2099-12-31', 'a date between 1900 and 2099');

/** An instant, ISO-8601 in UTC. */
export const InstantSchema = z.iso.datetime();

/** The ids the service makes (flows, documents): url-safe, 16 to 64 characters. */
export const ResourceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/u, 'id');

/** The insurer's care line until a deployment sets its own (service settings, app settings). */
export const SAMPLE_CARE_LINE = { phone: '1500-123', email: 'peduli@portal-nasabah.example' } as const;

/**
 * The most any one amount of the contract may be: Rp 10 trillion. Money is integer rupiah
 * (exact in a number below 2^53), and a bound at the door keeps every sum and every unit
 * computed from it exact too.
 */
export const MAX_RUPIAH = 10_000_000_000_000;

/** Integer rupiah, from 0 to `MAX_RUPIAH`. */
export const RupiahSchema = z.number().int().nonnegative().max(MAX_RUPIAH);

/** Spaces and dashes dropped, letters upper-cased (api-v1.md, Conventions). */
export function normalisePolicyNumber(raw: string): string {
  return raw.replace(/[\s-]+/gu, '').toUpperCase();
}

export const PolicyNumberSchema = z
  .string()
  .max(64)
  .transform(normalisePolicyNumber)
  .pipe(z.string().regex(/^[A-Z0-9/.]{4,32}$/u, 'policy number: 4 to 32 letters or digits'));

/**
 * A quantity with exactly four decimals (fund units, unit prices), as an exact decimal
 * string (`"2875.4312"`): a float would lose the last digit on the way.
 */
export const Decimal4Schema = z.string().regex(/^\d{1,11}\.\d{4}$/u, 'decimal with four places, below 100 billion');

/** `12345678` ten-thousandths → `"1234.5678"`, exactly. */
export function decimal4FromE4(e4: number | bigint): string {
  const n = BigInt(e4);
  if (n < 0n) throw new RangeError('negative quantity');
  return `${n / 10_000n}.${(n % 10_000n).toString().padStart(4, '0')}`;
}

/** `"1234.5678"` (a `Decimal4Schema` string) → 12345678n ten-thousandths, exactly. */
export function decimal4ToE4(text: string): bigint {
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole!) * 10_000n + BigInt(frac.padEnd(4, '0').slice(0, 4));
}

export const PolicyTypeSchema = z.enum(['individual', 'group', 'sharia']);
export type PolicyType = z.infer<typeof PolicyTypeSchema>;

export const LanguageSchema = z.enum(['id', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });

/** `GET /health/live` (operations, beside the contract): the process answers. */
export const LiveSchema = z.object({ status: z.literal('live') });
/** One part of readiness: `off` is a part this instance does not run (`RUN_JOBS=false`). */
export const ReadyCheckSchema = z.enum(['ok', 'failed', 'off']);
/**
 * `GET /health/ready`: 200 when a load balancer may send this instance requests, 503 when not
 * (a part failed, or it is stopping). Names the parts and nothing else.
 */
export const ReadySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  stopping: z.boolean(),
  checks: z.object({
    database: ReadyCheckSchema,
    schema: ReadyCheckSchema,
    documents: ReadyCheckSchema,
    jobs: ReadyCheckSchema,
  }),
  /** What an operator should know that does not make the instance unready, as codes: `holidays_2027_not_decreed`. */
  warnings: z.array(z.string()).optional(),
});
export type Ready = z.infer<typeof ReadySchema>;
