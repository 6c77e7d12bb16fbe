import { z } from 'zod';
import { IsoDateSchema, PolicyNumberSchema, ResourceIdSchema } from './common';

/** The hospital and clinic network (network.md): providers, search, regions, the member card. */
export const ProviderTypeSchema = z.enum(['hospital', 'clinic', 'lab', 'pharmacy', 'optical', 'dental']);
export type ProviderType = z.infer<typeof ProviderTypeSchema>;
export const ProviderServiceSchema = z.enum([
  'inpatient',
  'outpatient',
  'emergency',
  'dental',
  'maternity',
  'mcu',
  'optical',
]);
export type ProviderService = z.infer<typeof ProviderServiceSchema>;

const HhMmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/u, 'HH:MM');
export const OpeningHoursSchema = z.object({
  day: z.number().int().min(1).max(7),
  opens: HhMmSchema,
  closes: HhMmSchema,
});
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

/** A plan as the provider file names it (`KKK`): letters, digits and dashes. */
export const PlanCodeSchema = z.string().regex(/^[A-Z0-9-]{1,20}$/u, 'plan code');
export const LatitudeSchema = z.number().min(-90).max(90);
export const LongitudeSchema = z.number().min(-180).max(180);

/** Indonesia's three time zones, by province: WIB, WITA, WIT. */
export const ProviderTimeZoneSchema = z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']);

export const ProviderSchema = z.object({
  providerId: z.string(),
  code: z.string(),
  name: z.string(),
  type: ProviderTypeSchema,
  address: z.string(),
  city: z.string(),
  province: z.string(),
  postalCode: z.string().optional(),
  phone: z.string().optional(),
  location: z.object({ lat: LatitudeSchema, lon: LongitudeSchema }).optional(),
  services: z.array(ProviderServiceSchema),
  openingHours: z.array(OpeningHoursSchema).optional(),
  open24h: z.boolean(),
  cashlessPlans: z.array(z.string()),
  /** Extension: the provider's own time zone, so "open now" is read on its clock. */
  timeZone: ProviderTimeZoneSchema,
  /** Extension: false once the insurer's file no longer lists it (old claims still name it). */
  active: z.boolean(),
});
export type Provider = z.infer<typeof ProviderSchema>;

export const ProviderHitSchema = ProviderSchema.extend({
  cashless: z.boolean().optional(),
  distanceKm: z.number().nonnegative().optional(),
});
export type ProviderHit = z.infer<typeof ProviderHitSchema>;

/** `near=<lat>,<lon>`: both in range, or the request names `near`. */
export const NearSchema = z
  .string()
  .max(64)
  .regex(/^-?\d{1,3}(\.\d{1,10})?,-?\d{1,3}(\.\d{1,10})?$/u, 'lat,lon')
  .transform((s) => {
    const [lat, lon] = s.split(',').map(Number) as [number, number];
    return { lat, lon };
  })
  .pipe(z.object({ lat: LatitudeSchema, lon: LongitudeSchema }));

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const Name = z.string().trim().min(1).max(100);

export const ProviderSearchQuerySchema = z.strictObject({
  /** 2 to 200 characters: one letter finds everything and says nothing. */
  q: z.string().trim().min(2).max(200).optional(),
  province: Name.optional(),
  city: Name.optional(),
  type: ProviderTypeSchema.optional(),
  service: ProviderServiceSchema.optional(),
  cashlessFor: PolicyNumberSchema.optional(),
  cashlessOnly: Bool.optional(),
  near: NearSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/u, 'cursor')
    .optional(),
});
export type ProviderSearchQuery = z.output<typeof ProviderSearchQuerySchema>;

export const ProviderListSchema = z.object({
  providers: z.array(ProviderHitSchema),
  total: z.number().int().nonnegative(),
  nextCursor: z.string().optional(),
});
export type ProviderList = z.infer<typeof ProviderListSchema>;

export const ProviderIdParamsSchema = z.strictObject({ providerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/u, 'id') });
export const ProviderAnswerSchema = ProviderSchema;

export const RegionsSchema = z.object({
  provinces: z.array(z.object({ name: z.string(), cities: z.array(z.string()) })),
});
export type Regions = z.infer<typeof RegionsSchema>;

/* ---------- digital member card (Kartu Peserta) ---------- */

export const CardQuerySchema = z.strictObject({ personId: ResourceIdSchema.optional() });
export const MemberCardSchema = z.object({
  memberName: z.string(),
  memberNumber: z.string(),
  policyNumber: z.string(),
  planName: z.string(),
  validUntil: IsoDateSchema,
  cashless: z.boolean(),
  /** A compact JWS (EdDSA, Ed25519) of `{memberNumber, policyNumber, plan, exp}`. */
  qr: z.string(),
});
export type MemberCard = z.infer<typeof MemberCardSchema>;

export const CardKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
});
export type CardKey = z.infer<typeof CardKeySchema>;

export const CardClaimsSchema = z.object({
  memberNumber: z.string(),
  policyNumber: z.string(),
  plan: z.string(),
  exp: z.number().int(),
});
export type CardClaims = z.infer<typeof CardClaimsSchema>;
