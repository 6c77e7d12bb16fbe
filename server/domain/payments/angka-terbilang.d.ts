declare module '@develoka/angka-terbilang-js' {
  /** A whole number (as digits) in Indonesian words: "1250000" → "satu juta dua ratus lima puluh ribu". */
  export default function angkaTerbilang(digits: string): string;
}
