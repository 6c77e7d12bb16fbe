import type { ExternalRoute } from '../../../contract/api/complaints';

/**
 * Where a person not satisfied with the insurer's answer may go (POJK 18/POJK.07/2018, POJK
 * 22/2023): the financial services' alternative dispute resolution body, and OJK's own
 * consumer portal and contact line.
 */
export const EXTERNAL_ROUTES: readonly ExternalRoute[] = [
  {
    name: 'LAPS SJK (Lembaga Alternatif Penyelesaian Sengketa Sektor Jasa Keuangan)',
    url: 'https://lapssjk.id',
  },
  { name: 'OJK — Aplikasi Portal Perlindungan Konsumen', url: 'https://kontak157.ojk.go.id', phone: '157' },
];
