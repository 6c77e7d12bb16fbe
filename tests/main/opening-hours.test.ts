import { describe, expect, it } from 'vitest';
import { localDayTime, openAt } from '../../renderer/screens/network/opening-hours';
import { timeZoneOfProvince } from '../../server/domain/network/time-zones';

// Thursday 26 November 2026, 01:30 UTC: 08:30 WIB, 09:30 WITA, 10:30 WIT.
const AT = new Date('2026-11-26T01:30:00Z');
const hours = [{ day: 4, opens: '09:00', closes: '17:00' }];

describe('open now, on the provider’s own clock', () => {
  it('reads the day and time in WIB, WITA and WIT', () => {
    expect(localDayTime(AT, 'Asia/Jakarta')).toEqual({ day: 4, time: '08:30' });
    expect(localDayTime(AT, 'Asia/Makassar')).toEqual({ day: 4, time: '09:30' });
    expect(localDayTime(AT, 'Asia/Jayapura')).toEqual({ day: 4, time: '10:30' });
    // Sunday is day 7, late at night in Jakarta while UTC is still on Sunday afternoon.
    expect(localDayTime(new Date('2026-11-29T16:59:00Z'), 'Asia/Jakarta')).toEqual({ day: 7, time: '23:59' });
  });

  it('says open or closed for the same instant by time zone, and nothing without hours', () => {
    expect(openAt({ open24h: false, openingHours: hours, timeZone: 'Asia/Jakarta' }, AT)).toBe(false);
    expect(openAt({ open24h: false, openingHours: hours, timeZone: 'Asia/Makassar' }, AT)).toBe(true);
    expect(openAt({ open24h: false, openingHours: hours, timeZone: 'Asia/Jayapura' }, AT)).toBe(true);
    expect(
      openAt(
        { open24h: false, openingHours: [{ day: 4, opens: '09:00', closes: '10:30' }], timeZone: 'Asia/Jayapura' },
        AT,
      ),
    ).toBe(false);
    expect(openAt({ open24h: true, timeZone: 'Asia/Jakarta' }, AT)).toBe(true);
    expect(openAt({ open24h: false, timeZone: 'Asia/Jakarta' }, AT)).toBeUndefined();
  });

  it('gives each province its zone', () => {
    expect(timeZoneOfProvince('DKI Jakarta')).toBe('Asia/Jakarta');
    expect(timeZoneOfProvince('Kalimantan Barat')).toBe('Asia/Jakarta');
    expect(timeZoneOfProvince('  bali ')).toBe('Asia/Makassar');
    expect(timeZoneOfProvince('Sulawesi Selatan')).toBe('Asia/Makassar');
    expect(timeZoneOfProvince('Papua Pegunungan')).toBe('Asia/Jayapura');
    expect(timeZoneOfProvince('Maluku Utara')).toBe('Asia/Jayapura');
  });
});
