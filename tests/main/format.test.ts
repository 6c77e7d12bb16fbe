import { describe, expect, it } from 'vitest';
import { decimal4FromE4 } from '../../contract/api/common';
import { decimal4, rupiah } from '../../renderer/format';

describe('numbers as the screens show them', () => {
  it('shows fund units and prices exactly, with their four places, the Indonesian way', () => {
    expect(decimal4('2875.4312', 'id')).toBe('2.875,4312');
    expect(decimal4('15234.5678', 'en')).toBe('15,234.5678');
    // Past a float's 15–16 digits nothing is rounded away.
    expect(decimal4('123456789012345.6789', 'id')).toBe('123.456.789.012.345,6789');
    expect(decimal4FromE4(28754312)).toBe('2875.4312');
    expect(decimal4FromE4(5)).toBe('0.0005');
  });

  it('writes rupiah with one formatter', () => {
    expect(rupiah(750000, 'id')).toBe('Rp\u00a0750.000');
  });
});
