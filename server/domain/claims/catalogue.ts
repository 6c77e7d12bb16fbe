import type { Language } from '../../../contract/api/common';
import type { ClaimDocumentKind, ClaimMethod, ClaimType } from '../../../contract/api/claims';

/**
 * The insurer's product catalogue as claims need it: which claim types a basic cover
 * or a rider gives, and the per-benefit limits of the health plans (sisa limit manfaat).
 * Keyed by the product's and rider's name as the policy records them.
 */
export interface BenefitDef {
  code: string;
  name: Record<Language, string>;
  limit: number;
  per: 'year' | 'day' | 'case';
  /** The claim type whose payments use this benefit (year limits only). */
  usedBy?: ClaimType;
}

interface CoverDef {
  types: ClaimType[];
  methods: ClaimMethod[];
  benefits?: BenefitDef[];
  /** A health plan's code, as the provider file lists the plans each place serves cashless. */
  planCode?: string;
}

const reimbursement: ClaimMethod[] = ['reimbursement'];
const health = (annualInpatient: number, room: number, annualOutpatient: number, surgery: number): BenefitDef[] => [
  {
    code: 'inpatient_annual',
    name: { id: 'Rawat inap (plafon tahunan)', en: 'Inpatient care (annual limit)' },
    limit: annualInpatient,
    per: 'year',
    usedBy: 'hospitalization',
  },
  {
    code: 'room_board',
    name: { id: 'Kamar dan makan', en: 'Room and board' },
    limit: room,
    per: 'day',
  },
  {
    code: 'surgery',
    name: { id: 'Pembedahan', en: 'Surgery' },
    limit: surgery,
    per: 'case',
  },
  {
    code: 'outpatient_annual',
    name: { id: 'Rawat jalan (plafon tahunan)', en: 'Outpatient care (annual limit)' },
    limit: annualOutpatient,
    per: 'year',
    usedBy: 'outpatient',
  },
];

const COVERS: Record<string, CoverDef> = {
  // Basic covers.
  'Proteksi Jiwa Prima': { types: ['death'], methods: reimbursement },
  'Amanah Syariah Sejahtera': { types: ['death'], methods: reimbursement },
  'Investa Link Maxima': { types: ['death'], methods: reimbursement },
  'Hijrah Proteksi Keluarga Syariah': { types: ['death'], methods: reimbursement },
  'Dwiguna Pendidikan Anak': { types: ['death'], methods: reimbursement },
  'Kesehatan Keluarga Plus': {
    types: ['hospitalization', 'outpatient'],
    methods: reimbursement,
    benefits: health(500_000_000, 1_500_000, 20_000_000, 100_000_000),
    planCode: 'KKP',
  },
  'Kesehatan Karyawan Korporasi': {
    types: ['hospitalization', 'outpatient'],
    methods: ['reimbursement', 'cashless'],
    benefits: health(300_000_000, 1_000_000, 15_000_000, 75_000_000),
    planCode: 'KKK',
  },
  // Riders.
  'Rider Penyakit Kritis': { types: ['critical_illness'], methods: reimbursement },
  'Rider Rawat Inap Harian': { types: ['hospitalization'], methods: reimbursement },
  'Rider Cacat Tetap Total': { types: ['disability'], methods: reimbursement },
  'Rider Rawat Inap Syariah': { types: ['hospitalization'], methods: reimbursement },
};

export function coverOf(name: string): CoverDef | undefined {
  return COVERS[name];
}

/** Health plans and group policies give their insured people a member card (network.md). */
export function hasMemberCard(policyType: string, productName: string): boolean {
  return policyType === 'group' || coverOf(productName)?.planCode !== undefined;
}

/** The checklist of each claim type: required kinds first. */
const CHECKLISTS: Record<ClaimType, Array<[ClaimDocumentKind, boolean]>> = {
  hospitalization: [
    ['claim_form', true],
    ['receipt', true],
    ['medical_resume', true],
    ['id_card', true],
    ['lab_result', false],
    ['other', false],
  ],
  outpatient: [
    ['claim_form', true],
    ['receipt', true],
    ['doctor_statement', true],
    ['id_card', true],
    ['lab_result', false],
    ['other', false],
  ],
  critical_illness: [
    ['claim_form', true],
    ['medical_resume', true],
    ['doctor_statement', true],
    ['lab_result', true],
    ['id_card', true],
    ['other', false],
  ],
  death: [
    ['claim_form', true],
    ['death_certificate', true],
    ['id_card', true],
    ['family_card', true],
    ['doctor_statement', false],
    ['police_report', false],
    ['bank_book', false],
    ['other', false],
  ],
  disability: [
    ['claim_form', true],
    ['doctor_statement', true],
    ['medical_resume', true],
    ['id_card', true],
    ['police_report', false],
    ['other', false],
  ],
};

const KIND_LABELS: Record<ClaimDocumentKind, Record<Language, string>> = {
  claim_form: { id: 'Formulir klaim', en: 'Claim form' },
  receipt: { id: 'Kuitansi asli', en: 'Original receipt' },
  medical_resume: { id: 'Resume medis', en: 'Medical summary' },
  doctor_statement: { id: 'Surat keterangan dokter', en: "Doctor's statement" },
  lab_result: { id: 'Hasil laboratorium', en: 'Laboratory results' },
  id_card: { id: 'KTP', en: 'Identity card (KTP)' },
  family_card: { id: 'Kartu Keluarga', en: 'Family card (KK)' },
  death_certificate: { id: 'Surat keterangan kematian', en: 'Death certificate' },
  police_report: { id: 'Laporan polisi', en: 'Police report' },
  bank_book: { id: 'Buku tabungan', en: 'Bank book' },
  other: { id: 'Dokumen lainnya', en: 'Other documents' },
};

export function checklist(type: ClaimType, lang: Language) {
  return CHECKLISTS[type].map(([kind, required]) => ({ kind, required, label: KIND_LABELS[kind][lang] }));
}

export function requiredKinds(type: ClaimType): ClaimDocumentKind[] {
  return CHECKLISTS[type].filter(([, required]) => required).map(([kind]) => kind);
}
