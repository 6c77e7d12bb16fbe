import { Readable } from 'node:stream';
import { PROVIDER_COLUMNS } from '../../server/domain/network/provider-input';
import { importProviders } from '../../server/domain/network/provider-import';
import type { TestService } from './service';

/** A row of the provider file, by column; the rest empty. */
export type CsvRow = Partial<Record<(typeof PROVIDER_COLUMNS)[number], string>>;

const quote = (v: string) => (/[",\n]/u.test(v) ? `"${v.replace(/"/gu, '""')}"` : v);

export function providerCsv(rows: CsvRow[], header: readonly string[] = PROVIDER_COLUMNS): string {
  return [header.join(','), ...rows.map((r) => header.map((c) => quote(r[c as keyof CsvRow] ?? '')).join(','))].join(
    '\n',
  );
}

/**
 * A fixed set for search tests: names, addresses and places chosen so that the expected
 * answers are plain (who matches a word, who is nearest to Monas).
 */
export const FIXED_PROVIDERS: CsvRow[] = [
  row(
    'T-01',
    'RS Kenanga Medika',
    'hospital',
    'Jl. Sudirman No. 1',
    'Jakarta Pusat',
    'DKI Jakarta',
    -6.1754,
    106.8272,
    'inpatient;outpatient;emergency',
    'KKK',
  ),
  row(
    'T-02',
    'Klinik Sehat Bersama',
    'clinic',
    'Jl. Kenanga No. 5',
    'Jakarta Pusat',
    'DKI Jakarta',
    -6.19,
    106.83,
    'outpatient',
    '',
  ),
  row(
    'T-03',
    'RS Medika Nusantara',
    'hospital',
    'Jl. Gatot Subroto No. 9',
    'Jakarta Selatan',
    'DKI Jakarta',
    -6.24,
    106.8,
    'inpatient;outpatient;maternity',
    'KKK',
  ),
  row(
    'T-04',
    'Apotek Sentosa',
    'pharmacy',
    'Jl. Merdeka No. 3',
    'Bandung',
    'Jawa Barat',
    -6.9175,
    107.6191,
    'outpatient',
    '',
  ),
  row(
    'T-05',
    'Klinik Gigi Senyum',
    'dental',
    'Jl. Pemuda No. 7',
    'Surabaya',
    'Jawa Timur',
    -7.2575,
    112.7521,
    'dental;outpatient',
    '',
  ),
  row(
    'T-06',
    'RS Harapan Denpasar',
    'hospital',
    'Jl. Teuku Umar No. 2',
    'Denpasar',
    'Bali',
    -8.6705,
    115.2126,
    'inpatient;emergency',
    'KKK;ABC',
  ),
  row(
    'T-07',
    'Laboratorium Klinik Prima',
    'lab',
    'Jl. Kartini No. 8',
    'Jakarta Selatan',
    'DKI Jakarta',
    -6.26,
    106.81,
    'mcu',
    '',
  ),
  row(
    'T-08',
    'Optik Terang',
    'optical',
    'Jl. Veteran No. 4',
    'Medan',
    'Sumatera Utara',
    3.5952,
    98.6722,
    'optical',
    '',
  ),
  row(
    'T-09',
    'Klinik Medika Jaya',
    'clinic',
    'Jl. Pahlawan No. 6',
    'Jakarta Timur',
    'DKI Jakarta',
    -6.225,
    106.9,
    'outpatient;mcu',
    'KKK',
  ),
  row(
    'T-10',
    'RS Tanpa Koordinat',
    'hospital',
    'Jl. Diponegoro No. 10',
    'Bandung',
    'Jawa Barat',
    undefined,
    undefined,
    'inpatient',
    '',
  ),
];

function row(
  code: string,
  name: string,
  type: string,
  address: string,
  city: string,
  province: string,
  lat: number | undefined,
  lon: number | undefined,
  services: string,
  plans: string,
): CsvRow {
  return {
    code,
    name,
    type,
    address,
    city,
    province,
    latitude: lat === undefined ? '' : String(lat),
    longitude: lon === undefined ? '' : String(lon),
    services,
    open_24h: type === 'hospital' ? 'ya' : 'tidak',
    opening_hours: type === 'hospital' ? '' : '1-5 08:00-20:00; 6 08:00-14:00',
    cashless_plans: plans,
    phone: '(021) 5550123',
    postal_code: '10110',
  };
}

/** Imports rows into a test service's store as the command would. */
export function importRows(t: TestService, rows: CsvRow[] | string, now = t.clock.now()) {
  const text = typeof rows === 'string' ? rows : providerCsv(rows);
  return importProviders(t.service.store.db, t.service.store.kind, Readable.from([text]), now);
}
