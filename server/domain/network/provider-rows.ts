import type { Selectable } from 'kysely';
import {
  OpeningHoursSchema,
  type Provider,
  type ProviderService,
  type ProviderType,
} from '../../../contract/api/network';
import type { ProvidersTable } from '../../store/schema';
import { timeZoneOfProvince } from './time-zones';

export type ProviderRow = Selectable<ProvidersTable>;

/** A stored provider as the contract answers it; the plans come from provider_plans. */
export function providerFromRow(r: ProviderRow, plans: string[]): Provider {
  return {
    providerId: r.id,
    code: r.code,
    name: r.name,
    type: r.type as ProviderType,
    address: r.address,
    city: r.city,
    province: r.province,
    ...(r.postal_code ? { postalCode: r.postal_code } : {}),
    ...(r.phone ? { phone: r.phone } : {}),
    ...(r.lat !== null && r.lon !== null ? { location: { lat: r.lat, lon: r.lon } } : {}),
    services: (r.services ? r.services.split(',') : []) as ProviderService[],
    ...(r.opening_hours ? { openingHours: OpeningHoursSchema.array().parse(JSON.parse(r.opening_hours)) } : {}),
    open24h: r.open_24h === 1,
    cashlessPlans: plans,
    timeZone: timeZoneOfProvince(r.province),
    active: r.active === 1,
  };
}
