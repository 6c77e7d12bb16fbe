import type { z } from 'zod';
import type { ProviderTimeZoneSchema } from '../../../contract/api/network';

type TimeZone = z.infer<typeof ProviderTimeZoneSchema>;

/** WITA (UTC+8) and WIT (UTC+9) provinces; every other province keeps WIB (UTC+7). */
const WITA = [
  'bali',
  'nusa tenggara barat',
  'nusa tenggara timur',
  'kalimantan selatan',
  'kalimantan timur',
  'kalimantan utara',
  'sulawesi utara',
  'sulawesi tengah',
  'sulawesi selatan',
  'sulawesi tenggara',
  'sulawesi barat',
  'gorontalo',
];
const WIT = [
  'maluku',
  'maluku utara',
  'papua',
  'papua barat',
  'papua barat daya',
  'papua tengah',
  'papua pegunungan',
  'papua selatan',
];

/** The time zone a provider's hours are kept in, from its province. */
export function timeZoneOfProvince(province: string): TimeZone {
  const p = province.trim().toLowerCase().replace(/\s+/gu, ' ');
  if (WIT.includes(p)) return 'Asia/Jayapura';
  if (WITA.includes(p)) return 'Asia/Makassar';
  return 'Asia/Jakarta';
}
