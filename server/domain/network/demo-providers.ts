import type { Kysely } from 'kysely';
import { CITIES } from '../../../contract/cities';
import type { ProviderService, ProviderType } from '../../../contract/api/network';
import type { Database } from '../../store/schema';
import type { ProviderInput } from './provider-input';
import { writeProviders } from './provider-store';

/**
 * Invented providers for development mode and the demo (network.md, Data): the gazetteer's
 * real city coordinates, jittered by up to about 6 km; names, streets and numbers made up. Generated
 * from a fixed seed, so every run and every engine holds the same places.
 */
/** Per city of the gazetteer: its telephone area code and how many places the demo invents there. */
const DEMO_CITIES: Array<[city: string, areaCode: string, count: number]> = [
  ['Jakarta Selatan', '021', 24],
  ['Jakarta Pusat', '021', 18],
  ['Jakarta Barat', '021', 14],
  ['Jakarta Timur', '021', 14],
  ['Jakarta Utara', '021', 12],
  ['Surabaya', '031', 22],
  ['Bandung', '022', 20],
  ['Medan', '061', 18],
  ['Semarang', '024', 14],
  ['Makassar', '0411', 14],
  ['Denpasar', '0361', 12],
  ['Yogyakarta', '0274', 12],
  ['Palembang', '0711', 10],
  ['Balikpapan', '0542', 10],
  ['Samarinda', '0541', 8],
  ['Malang', '0341', 10],
  ['Bogor', '0251', 10],
  ['Tangerang', '021', 10],
  ['Bekasi', '021', 10],
  ['Surakarta', '0271', 8],
  ['Pekanbaru', '0761', 8],
  ['Padang', '0751', 8],
  ['Bandar Lampung', '0721', 8],
  ['Banjarmasin', '0511', 8],
  ['Pontianak', '0561', 7],
  ['Manado', '0431', 7],
  ['Batam', '0778', 7],
  ['Mataram', '0370', 6],
  ['Kupang', '0380', 5],
  ['Jayapura', '0967', 5],
  ['Ambon', '0911', 5],
];

const NAMES = [
  'Medika Sejahtera',
  'Harapan Kasih',
  'Sentosa Husada',
  'Permata Bunda',
  'Bhakti Waluya',
  'Citra Medika',
  'Sehat Sentosa',
  'Kasih Ibu Sejati',
  'Bunda Mulia',
  'Husada Prima',
  'Mutiara Sehat',
  'Insan Medika',
  'Cahaya Husada',
  'Anugerah Sehat',
  'Sari Mulia',
  'Dharma Husada',
  'Keluarga Sehat Abadi',
  'Pelita Kasih',
  'Nusa Medika',
  'Sinar Waras',
];
const STREETS = [
  'Jl. Merdeka',
  'Jl. Diponegoro',
  'Jl. Ahmad Yani',
  'Jl. Gajah Mada',
  'Jl. Pahlawan',
  'Jl. Veteran',
  'Jl. Imam Bonjol',
  'Jl. Pemuda',
  'Jl. Kartini',
  'Jl. Cendrawasih',
  'Jl. Melati',
  'Jl. Kenanga',
  'Jl. Mawar',
  'Jl. Sisingamangaraja',
  'Jl. Hayam Wuruk',
  'Jl. Teuku Umar',
];
const AREAS = ['Utara', 'Selatan', 'Timur', 'Barat', 'Tengah', 'Raya', 'Kota'];

/** mulberry32: a small, fixed, seeded generator; the demo must not change between runs. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIX: Record<ProviderType, string> = {
  hospital: 'RS',
  clinic: 'Klinik',
  lab: 'Laboratorium Klinik',
  pharmacy: 'Apotek',
  optical: 'Optik',
  dental: 'Klinik Gigi',
};

/** The demo group policy's plan: some places serve it cashless. */
export const DEMO_CASHLESS_PLAN = 'KKK';

export function demoProviders(): ProviderInput[] {
  const rnd = seeded(20_261_126);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: ProviderInput[] = [];
  DEMO_CITIES.forEach(([city, areaCode, count], c) => {
    const { province, lat, lon } = CITIES.find((x) => x.name === city)!;
    for (let i = 0; i < count; i++) {
      const roll = rnd();
      const type: ProviderType =
        roll < 0.36
          ? 'hospital'
          : roll < 0.66
            ? 'clinic'
            : roll < 0.76
              ? 'lab'
              : roll < 0.86
                ? 'pharmacy'
                : roll < 0.93
                  ? 'optical'
                  : 'dental';
      const services: ProviderService[] =
        type === 'hospital'
          ? ['inpatient', 'outpatient', 'emergency', ...(rnd() < 0.6 ? (['maternity'] as const) : [])]
          : type === 'clinic'
            ? ['outpatient', ...(rnd() < 0.4 ? (['mcu'] as const) : []), ...(rnd() < 0.3 ? (['dental'] as const) : [])]
            : type === 'lab'
              ? ['mcu']
              : type === 'pharmacy'
                ? ['outpatient']
                : type === 'optical'
                  ? ['optical']
                  : ['dental', 'outpatient'];
      if (type === 'hospital' && rnd() < 0.5) services.push('mcu');
      const open24h = type === 'hospital' || (type === 'pharmacy' && rnd() < 0.3);
      const cashless = (type === 'hospital' && rnd() < 0.55) || (type === 'clinic' && rnd() < 0.35);
      const name = `${PREFIX[type]} ${pick(NAMES)} ${city.startsWith('Jakarta') ? city.slice(8) : pick(AREAS)}`;
      out.push({
        code: `DEMO-${String(c + 1).padStart(2, '0')}-${String(i + 1).padStart(3, '0')}`,
        name,
        type,
        address: `${pick(STREETS)} No. ${1 + Math.floor(rnd() * 250)}, ${city}`,
        city,
        province,
        postal_code: String(10_000 + Math.floor(rnd() * 89_999)),
        phone: `(${areaCode}) ${5_000_000 + Math.floor(rnd() * 4_999_999)}`,
        // ±0.05° is about ±5.5 km: the places stay in and around the city.
        latitude: Math.round((lat + (rnd() - 0.5) * 0.1) * 1e6) / 1e6,
        longitude: Math.round((lon + (rnd() - 0.5) * 0.1) * 1e6) / 1e6,
        services: [...new Set(services)],
        open_24h: open24h,
        opening_hours: open24h
          ? undefined
          : [1, 2, 3, 4, 5, 6].map((day) => ({
              day,
              opens: day === 6 ? '08:00' : '07:30',
              closes: day === 6 ? '14:00' : type === 'pharmacy' ? '22:00' : '20:00',
            })),
        cashless_plans: cashless ? [DEMO_CASHLESS_PLAN] : [],
      });
    }
  });
  return out;
}

/** Seeds the demo providers once (a database that has any provider keeps what it has). */
export async function seedDemoProviders(db: Kysely<Database>, now: number): Promise<number> {
  const any = await db.selectFrom('providers').select('seq').limit(1).executeTakeFirst();
  if (any) return 0;
  const rows = demoProviders();
  await db.transaction().execute((trx) => writeProviders(trx, rows, now, { demo: true, deactivateOthers: false }));
  return rows.length;
}
