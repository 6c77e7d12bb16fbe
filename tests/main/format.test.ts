import { describe, expect, it } from 'vitest';
import { decimal4FromE4 } from '../../contract/api/common';
import {
  decimal4,
  groupedAmount,
  longDate,
  longDateTime,
  longDay,
  networkPlace,
  rupiah,
  typedAmount,
  vaGroups,
} from '../../renderer/format';

describe('numbers as the screens show them', () => {
  it('shows fund units and prices exactly, with their four places, the Indonesian way', () => {
    expect(decimal4('2875.4312', 'id')).toBe('2.875,4312');
    expect(decimal4('15234.5678', 'en')).toBe('15,234.5678');
    // Past a float's 15–16 digits nothing is rounded away.
    expect(decimal4('123456789012345.6789', 'id')).toBe('123.456.789.012.345,6789');
    expect(decimal4FromE4(28754312)).toBe('2875.4312');
    expect(decimal4FromE4(5)).toBe('0.0005');
  });

  it('writes rupiah with one formatter, in each language’s own form', () => {
    expect(rupiah(750000, 'id')).toBe('Rp\u00a0750.000');
    // Not "Rp 750.000" on an English screen (what en-ID gives).
    expect(rupiah(750000, 'en')).toBe('IDR\u00a0750,000');
    expect(rupiah(12_500_000, 'en')).toBe('IDR\u00a012,500,000');
  });

  it('writes dates as people read them, never ISO or US', () => {
    expect(longDate('2026-12-01', 'id')).toBe('1 Desember 2026');
    expect(longDate('2026-12-01', 'en')).toBe('1 December 2026');
    expect(longDate('1987-05-01', 'en')).toBe('1 May 1987');
    // An instant's day is Jakarta's: 18.30 UTC on 30 November is already 1 December at 01.30 WIB.
    expect(longDay('2026-11-30T18:30:00Z', 'id')).toBe('1 Desember 2026');
    expect(longDay(Date.UTC(2026, 10, 30, 16, 59), 'en')).toBe('30 November 2026');
    expect(longDateTime('2026-11-30T18:30:00Z', 'id')).toBe('1 Desember 2026 pukul 01.30 WIB');
  });

  it('says where a sign-in came from in words, not by its address', () => {
    expect(networkPlace('127.0.0.1')).toBe('this_computer');
    expect(networkPlace('::ffff:127.0.0.1')).toBe('this_computer');
    expect(networkPlace('::1')).toBe('this_computer');
    expect(networkPlace('192.168.1.20')).toBe('local');
    expect(networkPlace('10.3.0.7')).toBe('local');
    expect(networkPlace('172.20.1.1')).toBe('local');
    expect(networkPlace('172.32.1.1')).toBe('internet');
    expect(networkPlace('fd12:3456::1')).toBe('local');
    expect(networkPlace('36.71.22.9')).toBe('internet');
  });

  it('shows a VA number in groups of four, and takes typed money with any separators', () => {
    expect(vaGroups('8808123456789012')).toBe('8808 1234 5678 9012');
    expect(vaGroups('70012345678')).toBe('7001 2345 678');
    expect(groupedAmount(12_500_000, 'id')).toBe('12.500.000');
    expect(groupedAmount(12_500_000, 'en')).toBe('12,500,000');
    expect(typedAmount('12.500.000')).toBe(12_500_000);
    expect(typedAmount('Rp 12,500,000')).toBe(12_500_000);
    expect(typedAmount('')).toBeNull();
  });
});
