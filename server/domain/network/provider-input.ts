import { z } from 'zod';
import {
  OpeningHoursSchema,
  PlanCodeSchema,
  ProviderServiceSchema,
  ProviderTypeSchema,
  type OpeningHours,
} from '../../../contract/api/network';

/** The provider file's columns (docs/areas/network.md, "Provider file"), in the order the sample writes them. */
export const PROVIDER_COLUMNS = [
  'code',
  'name',
  'type',
  'address',
  'city',
  'province',
  'postal_code',
  'phone',
  'latitude',
  'longitude',
  'services',
  'open_24h',
  'opening_hours',
  'cashless_plans',
] as const;
export type ProviderColumn = (typeof PROVIDER_COLUMNS)[number];

const text = (max: number) => z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);
const optionalText = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(schema.optional());
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? [] : [...new Set(v.split(';').map((x) => x.trim()))]))
    .pipe(z.array(item));
const coordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .string()
        .regex(/^-?\d{1,3}(\.\d{1,10})?$/u, 'is not a number such as -6.2088')
        .transform(Number)
        .pipe(z.number().min(min, `is below ${min}`).max(max, `is above ${max}`))
        .optional(),
    );

/** `1-5 08:00-21:00; 6 08:00-15:00`: days 1 (Monday) to 7 (Sunday), each range with its hours. */
export function parseOpeningHours(raw: string): OpeningHours[] | undefined {
  const out: OpeningHours[] = [];
  for (const part of raw
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([1-7])(?:-([1-7]))?\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/u.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) return undefined;
    for (let day = from; day <= to; day++) {
      const h = OpeningHoursSchema.safeParse({ day, opens: m[3], closes: m[4] });
      if (!h.success || h.data.opens >= h.data.closes) return undefined;
      out.push(h.data);
    }
  }
  return out;
}

export const ProviderRowSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,40}$/u, 'must be 1 to 40 letters, digits, dots, dashes or underscores')
      .transform((v) => v.toUpperCase()),
    name: text(200),
    type: z.string().trim().pipe(ProviderTypeSchema),
    address: text(300),
    city: text(100),
    province: text(100),
    postal_code: optionalText(z.string().regex(/^\d{5}$/u, 'must be 5 digits')),
    phone: optionalText(z.string().regex(/^[0-9+() -]{5,30}$/u, 'must be a telephone number')),
    latitude: coordinate(-90, 90),
    longitude: coordinate(-180, 180),
    services: list(ProviderServiceSchema).pipe(z.array(ProviderServiceSchema).min(1, 'names no service')),
    open_24h: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['', 'ya', 'tidak', 'true', 'false', '1', '0'], 'must be ya or tidak'))
      .transform((v) => ['ya', 'true', '1'].includes(v)),
    opening_hours: z
      .string()
      .trim()
      .transform((v, ctx) => {
        if (v === '') return undefined;
        const hours = parseOpeningHours(v);
        if (!hours) ctx.addIssue({ code: 'custom', message: 'must read like "1-5 08:00-21:00; 6 08:00-15:00"' });
        return hours;
      }),
    cashless_plans: list(PlanCodeSchema),
  })
  .refine((r) => (r.latitude === undefined) === (r.longitude === undefined), {
    message: 'latitude and longitude go together',
    path: ['latitude'],
  });
export type ProviderInput = z.output<typeof ProviderRowSchema>;

/** One line of the report: the first broken column and what is wrong with it. */
export function rowProblem(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'row'} ${i.message}`).join('; ');
}
