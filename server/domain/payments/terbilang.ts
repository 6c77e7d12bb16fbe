import angkaTerbilang from '@develoka/angka-terbilang-js';

/**
 * Rupiah in Indonesian words, as a receipt (kuitansi) writes them: "satu juta dua ratus
 * lima puluh ribu rupiah". The package writes "milyar"; the standard spelling (KBBI) is
 * "miliar", which is what an insurer prints.
 */
export function terbilang(rupiah: number): string {
  if (!Number.isSafeInteger(rupiah) || rupiah < 0) throw new RangeError('whole rupiah only');
  const words = rupiah === 0 ? 'nol' : angkaTerbilang(String(rupiah)).replace(/\bmilyar\b/gu, 'miliar');
  return `${words} rupiah`;
}
