import type { InboxCategory, InboxLink } from '../../contract/api/events';
import type { Generated } from 'kysely';

/**
 * Table types. Every instant is stored as epoch milliseconds (an integer on both
 * engines), so comparisons and arithmetic read the same on SQLite and PostgreSQL.
 */
export interface CustomersTable {
  id: string;
  full_name: string;
  date_of_birth: string;
  email: string;
  phone: string;
  created_at: number;
  /** NIK, once a data correction gave it (migration 021). */
  id_number?: string | null;
}

export interface PoliciesTable {
  /** Normalised (api-v1.md): the key every lookup uses. */
  policy_number: string;
  /** As the insurer prints it (`IND-2019-000123`): what answers carry. */
  printed_number: string;
  policy_type: 'individual' | 'group' | 'sharia';
  product_name: string;
  status: 'active' | 'grace_period' | 'lapsed' | 'terminated';
  policyholder_name: string;
  start_date: string;
  sum_assured: number;
  premium_amount: number;
  premium_frequency: 'monthly' | 'quarterly' | 'semiannual' | 'annual' | 'single';
  next_due_date: string | null;
  payment_method: string | null;
  /** Sharia policies: the part of each contribution that goes to the tabarru' fund. */
  tabarru_amount: number | null;
}

export interface PolicyCoveragesTable {
  policy_number: string;
  seq: number;
  name: string;
  kind: 'basic' | 'rider';
  sum_assured: number;
  customer_id: string | null;
}

export interface PolicyBeneficiariesTable {
  policy_number: string;
  seq: number;
  full_name: string;
  relationship: string;
  share_percent: number;
  /** Added by a beneficiary change (policy-requests.md); null for those of the policy file. */
  date_of_birth?: string | null;
  /** A group member's own beneficiary; null for one of the whole policy. */
  customer_id: string | null;
}

export interface PolicyFundsTable {
  policy_number: string;
  fund_name: string;
  units_e4: number;
  unit_price_e4: number;
  price_date: string;
}

export interface DocumentsTable {
  id: string;
  policy_number: string;
  customer_id: string | null;
  title: string;
  category: 'schedule' | 'conditions' | 'statement' | 'member_card' | 'other';
  issued_at: string;
  page_count: number;
  size_bytes: number;
  password_protected: number;
  sha256: string;
  storage_key: string;
  created_at: number;
}

/** Who may see a policy: its holder, insured people and (group) members. */
export interface PolicyPartiesTable {
  policy_number: string;
  customer_id: string;
  role: 'holder' | 'insured' | 'member';
  member_number: string | null;
}

export interface AccountsTable {
  id: string;
  customer_id: string;
  username: string;
  password_hash: string;
  language: 'id' | 'en';
  legacy_username: string | null;
  legacy_username_until: number | null;
  created_at: number;
  password_changed_at: number;
  /** 1 or 0 (default 1): whether news also goes out by e-mail, by SMS. */
  notify_email: Generated<number>;
  notify_sms: Generated<number>;
  /** When the person closed the account (migration 019): no login, kept records only. */
  closed_at?: number | null;
}

export type FlowKind = 'registration' | 'recovery' | 'contact_change' | 'doctor_login';
export type FlowState = 'eula' | 'otp_channel' | 'otp' | 'password' | 'done';

export interface FlowsTable {
  id: string;
  kind: FlowKind;
  state: FlowState;
  customer_id: string | null;
  account_id: string | null;
  policy_number: string | null;
  /** registration: the generated username; recovery: the username asked for. */
  username: string | null;
  eula_version: string | null;
  /** The language the person uses in this flow: EULA, messages, the new account. */
  language: 'id' | 'en';
  codes_sent: number;
  /** contact_change: the channel and the new value the code goes to. */
  contact_channel: 'sms' | 'email' | null;
  new_contact: string | null;
  /** When a new one-time code may be asked for; null before the first. */
  resend_at: number | null;
  created_at: number;
  expires_at: number;
}

export interface OtpCodesTable {
  id: string;
  flow_id: string;
  customer_id: string | null;
  channel: 'sms' | 'email';
  destination: string;
  code_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  device_kind: 'personal' | 'kiosk';
  device_name: string;
  created_at: number;
  /** A hard end (kiosk sessions); null for personal sessions. */
  ends_at: number | null;
  revoked_at: number | null;
  address: string | null;
  last_active_at: number | null;
  step_up_at: number | null;
  revoke_reason: string | null;
}

export interface AccessTokensTable {
  token_hash: string;
  session_id: string;
  expires_at: number;
}

export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  expires_at: number;
  used_at: number | null;
}

export interface LoginFailuresTable {
  key: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

export interface RateCountersTable {
  key: string;
  window_start: number;
  count: number;
}

export interface DevOutboxTable {
  id: string;
  seq: Generated<number>;
  channel: 'sms' | 'email';
  to_address: string;
  subject: string | null;
  body: string;
  code: string | null;
  sent_at: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'superseded';

export interface OutboxTable {
  id: string;
  channel: 'sms' | 'email';
  to_address: string;
  subject: string | null;
  /** Null once sent, given up on or superseded: no code lies about at rest longer than it must. */
  body: string | null;
  code: string | null;
  flow_id: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  /** An instance is sending it until then; after, another may take it (the first one died). */
  claimed_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  /** E-mail only: a stored document sent with it (a receipt), and the file name it goes by. */
  attachment_document_id?: string | null;
  attachment_name?: string | null;
}

/** The events stream (api-v1.md): ids increase; kept at least a day for clients that resume. */
export interface EventsTable {
  id: Generated<number>;
  account_id: string;
  name: string;
  /** JSON. */
  data: string;
  created_at: number;
}

export interface InboxMessagesTable {
  id: string;
  account_id: string;
  category: InboxCategory;
  /** Which text (server/domain/events/inbox-texts.ts), written in the reader's language. */
  template: string;
  /** JSON: what the text names. */
  params: string;
  link_kind: InboxLink['kind'] | null;
  link_id: string | null;
  created_at: number;
  read_at: number | null;
}

/** Sign-ins of the last 90 days, as Akun Saya lists them. */
export interface SignInsTable {
  id: string;
  account_id: string;
  at: number;
  result: 'ok' | 'wrong_password' | 'locked';
  device_kind: 'personal' | 'kiosk';
  device_name: string;
  address: string;
}

export interface ClaimsTable {
  id: string;
  claim_number: string;
  policy_number: string;
  customer_id: string;
  filed_by_customer_id: string | null;
  filed_by_account_id: string | null;
  type: 'hospitalization' | 'outpatient' | 'critical_illness' | 'death' | 'disability';
  method: 'reimbursement' | 'cashless';
  status:
    | 'draft'
    | 'submitted'
    | 'verifying'
    | 'documents_requested'
    | 'assessing'
    | 'approved'
    | 'rejected'
    | 'paid'
    | 'withdrawn';
  event_date: string | null;
  admission_date: string | null;
  discharge_date: string | null;
  provider_id: string | null;
  provider_name: string | null;
  provider_key: string;
  diagnosis: string | null;
  icd10: string | null;
  amount_claimed: number | null;
  approved_amount: number | null;
  paid_amount: number | null;
  paid_at: number | null;
  payment_reference: string | null;
  rejection_reason: string | null;
  payout_bank_code: string | null;
  payout_account_number: string | null;
  payout_account_holder: string | null;
  request_note: string | null;
  /** JSON array of document kinds. */
  request_kinds: string | null;
  request_at: number | null;
  expected_decision_date: string | null;
  guarantee_document_id: string | null;
  created_at: number;
  updated_at: number;
  submitted_at: number | null;
}

export interface ClaimFilesTable {
  id: string;
  claim_id: string;
  kind: string;
  file_name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: number;
}

export interface ClaimTimelineTable {
  claim_id: string;
  seq: number;
  status: ClaimsTable['status'];
  at: number;
  note: string | null;
}

export interface ClaimCountersTable {
  year: number;
  last: number;
}

export interface BenefitUsageTable {
  policy_number: string;
  customer_id: string;
  benefit_code: string;
  period_from: string;
  used: number;
}

export interface BillsTable {
  id: string;
  policy_number: string;
  kind: 'premium' | 'top_up';
  period_from: string;
  period_to: string;
  due_date: string;
  amount: number;
  paid_at: number | null;
  payment_id: string | null;
  created_at: number;
  /** A top-up bill whose request will not go ahead: never paid, never shown. */
  voided_at: number | null;
}

export type PaymentRowStatus = 'creating' | 'pending' | 'paid' | 'expired' | 'failed' | 'cancelled';

export interface PaymentsTable {
  id: string;
  bill_id: string;
  account_id: string;
  idempotency_key: string;
  method: string;
  amount: number;
  status: PaymentRowStatus;
  va_number: string | null;
  bank_code: string | null;
  qr_string: string | null;
  redirect_url: string | null;
  expires_at: number;
  gateway_transaction_id: string | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
  receipt_document_id: string | null;
}

export interface LedgerEntriesTable {
  id: string;
  payment_id: string;
  bill_id: string;
  amount: number;
  gateway_transaction_id: string;
  booked_at: number;
}

export interface GatewayNotificationsTable {
  id: string;
  order_id: string;
  transaction_status: string;
  gross_amount: string;
  verdict: string;
  received_at: number;
}

export interface SimTransactionsTable {
  order_id: string;
  transaction_id: string;
  payment_type: string;
  bank: string | null;
  gross_amount: string;
  transaction_status: string;
  va_number: string | null;
  qr_string: string | null;
  created_at: number;
  expires_at: number;
  /** A card saved by this payment (migration 022). */
  saved_token_id?: string | null;
  masked_card?: string | null;
}

/** The simulator's saved cards; `declines` makes the next charges be refused (migration 022). */
export interface SimCardTokensTable {
  token: string;
  masked_card: string;
  declines: number;
  created_at: number;
}

/** A unit movement of a policy (migration 023): units signed, bought positive. */
export interface UnitMovementsTable {
  id: string;
  policy_number: string;
  price_date: string;
  kind: 'premium_allocation' | 'top_up' | 'switch_out' | 'switch_in' | 'withdrawal';
  fund_code: string;
  amount: number;
  units_e4: number;
  price_e4: number;
  request_id: string | null;
  bill_id: string | null;
  created_at: number;
}

/** A statement asked for, or a yearly one (migration 023). */
export interface StatementsTable {
  id: string;
  policy_number: string;
  /** Who asked (and is told); null for a yearly one, told to the holder. */
  account_id: string | null;
  kind: 'requested' | 'yearly';
  period_from: string;
  period_to: string;
  language: 'id' | 'en';
  status: 'preparing' | 'ready';
  document_id: string | null;
  created_at: number;
  ready_at: number | null;
}

/** A policy's autodebit (migration 022): one per policy, the latest. */
export interface AutodebitsTable {
  policy_number: string;
  /** Whose payments its collections are (the account that asked for it). */
  account_id: string;
  request_id: string;
  method: 'auto_debit_card' | 'auto_debit_bca';
  debit_day: number;
  status: 'active' | 'pending_first_payment' | 'ended';
  /** The gateway's saved-card token, sealed with the server key (Keyed.seal). */
  card_token_sealed: string | null;
  card_brand: string | null;
  card_last4: string | null;
  bank_account_number: string | null;
  bank_account_holder: string | null;
  failures: number;
  started_at: number;
  ended_at: number | null;
  ended_reason: 'customer' | 'failures' | 'replaced' | null;
}

/** One collection of one bill on one debit day (migration 022). */
export interface AutodebitAttemptsTable {
  id: string;
  policy_number: string;
  bill_id: string;
  debit_date: string;
  method: 'auto_debit_card' | 'auto_debit_bca';
  amount: number;
  /** `charging` (card, at the gateway), `exported` (in the bank's file), then `debited` or `failed`. */
  status: 'charging' | 'exported' | 'debited' | 'failed';
  payment_id: string | null;
  reason: string | null;
  created_at: number;
  settled_at: number | null;
}

export interface ProvidersTable {
  seq: Generated<number>;
  id: string;
  code: string;
  name: string;
  type: string;
  address: string;
  city: string;
  province: string;
  postal_code: string | null;
  phone: string | null;
  lat: number | null;
  lon: number | null;
  services: string;
  /** JSON: `[{day, opens, closes}]`. */
  opening_hours: string | null;
  open_24h: number;
  active: number;
  demo: number;
  updated_at: number;
}

/** PostgreSQL only (migration 014): what a text search reads, kept by a trigger on providers. */
export interface ProviderSearchTable {
  seq: number;
  active: number;
  name: string;
}

export interface ProviderServicesTable {
  provider_seq: number;
  service: string;
}

export interface ProviderTermsTable {
  term: string;
}

export interface ProviderPlansTable {
  provider_seq: number;
  plan_code: string;
}

export interface DoctorsTable {
  id: string;
  username: string;
  full_name: string;
  license_number: string;
  email: string;
  password_hash: string;
  active: number;
  created_at: number;
}

export interface DoctorSessionsTable {
  id: string;
  doctor_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export type ConsultationStatus = 'waiting' | 'active' | 'closed' | 'cancelled' | 'expired';

export interface ConsultationsTable {
  id: string;
  number: string;
  policy_number: string;
  customer_id: string;
  account_id: string;
  topic: string;
  symptoms: string;
  status: ConsultationStatus;
  doctor_id: string | null;
  last_seq: number;
  created_at: number;
  started_at: number | null;
  closed_at: number | null;
  summary_text: string | null;
  advice: string | null;
  follow_up: string | null;
  summary_document_id: string | null;
}

export interface ConsultationMessagesTable {
  id: string;
  consultation_id: string;
  seq: number;
  sender: 'customer' | 'doctor' | 'system';
  client_message_id: string | null;
  text: string | null;
  file_key: string | null;
  file_content_type: string | null;
  file_size: number | null;
  file_sha256: string | null;
  sent_at: number;
  read_at: number | null;
}

export interface DoctorEventsTable {
  id: Generated<number>;
  doctor_id: string;
  name: string;
  data: string;
  created_at: number;
}

export interface RequestsTable {
  id: string;
  number: string;
  policy_number: string;
  account_id: string;
  type: string;
  status: 'submitted' | 'in_process' | 'done' | 'rejected' | 'cancelled';
  /** JSON, as submitted (checked against its type's schema). */
  payload: string;
  effective_date: string | null;
  rejection_reason: string | null;
  bill_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface FundPricesTable {
  fund_code: string;
  price_date: string;
  price_e4: number;
}

export interface RequestTimelineTable {
  request_id: string;
  seq: number;
  status: RequestsTable['status'];
  at: number;
  note: string | null;
}

export interface RequestCountersTable {
  year: number;
  last: number;
}

export interface PolicyAddressesTable {
  policy_number: string;
  line1: string;
  line2: string | null;
  city: string;
  province: string;
  postal_code: string;
  updated_at: number;
}

export interface PolicyHistoryTable {
  id: string;
  policy_number: string;
  at: number;
  what: string;
  request_number: string;
}

export type JobStatus = 'pending' | 'done' | 'failed' | 'superseded';

/** Everything that follows a committed move (server/jobs/): leased, retried, once by key. */
export interface JobsTable {
  id: string;
  kind: string;
  key: string;
  /** JSON. */
  payload: string;
  status: JobStatus;
  attempts: number;
  run_at: number;
  claimed_until: number | null;
  last_error: string | null;
  group_key: string | null;
  give_up_at: number | null;
  created_at: number;
  finished_at: number | null;
}

export interface ServiceSettingsTable {
  key: string;
  value: string;
}

/** Pengaduan (migration 015). */
export interface ComplaintsTable {
  id: string;
  complaint_number: string;
  customer_id: string;
  account_id: string | null;
  category: string;
  subject_kind: string | null;
  subject_id: string | null;
  description: string;
  channel: 'sms' | 'email' | null;
  language: 'id' | 'en';
  status: string;
  received_at: number;
  received_on: string;
  due_date: string;
  extension_reason: string | null;
  extended_at: number | null;
  answer: string | null;
  outcome: string | null;
  answered_at: number | null;
  answered_on: string | null;
  feedback_satisfied: number | null;
  feedback_reason: string | null;
  feedback_at: number | null;
  closed_at: number | null;
  receipt_document_id: string | null;
  receipt_size_bytes: number | null;
  created_at: number;
  updated_at: number;
}

export interface ComplaintTimelineTable {
  complaint_id: string;
  seq: number;
  status: string;
  at: number;
  note: string | null;
}

export interface ComplaintFilesTable {
  id: string;
  complaint_id: string;
  file_name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: number;
}

export interface ComplaintCountersTable {
  year: number;
  last: number;
}

/** What the back office must look at, raised once per key (migration 015). */
export interface BackOfficeAlertsTable {
  id: string;
  key: string;
  kind: string;
  message: string;
  details: string;
  created_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

/** The calendar's decreed years (migration 016). */
export interface HolidayDecreesTable {
  year: number;
  source: string;
  imported_at: number;
}

export interface HolidaysTable {
  date: string;
  year: number;
  kind: 'holiday' | 'cuti_bersama';
  name: string;
}

/** Every consent given or withdrawn, per purpose (migration 017). */
export interface ConsentsTable {
  id: string;
  account_id: string;
  purpose: string;
  version: number;
  granted: number;
  created_at: number;
}

/** One back-office read or move of one item of a person's data (migration 018). */
export interface AccessLogTable {
  id: string;
  customer_id: string;
  at: number;
  key_name: string;
  action: string;
  subject_kind: string;
  subject_id: string;
  subject_number: string | null;
  reason: string;
}

/** A copy of a person's data, while it is made and lives (migration 020). */
export interface DataExportsTable {
  id: string;
  account_id: string;
  status: 'preparing' | 'ready' | 'expired';
  created_at: number;
  ready_at: number | null;
  expires_at: number | null;
  storage_key: string | null;
  size_bytes: number | null;
}

/** A policy request's documents (migration 021). */
export interface RequestFilesTable {
  id: string;
  request_id: string;
  file_name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: number;
}

export interface Database {
  request_files: RequestFilesTable;
  data_exports: DataExportsTable;
  access_log: AccessLogTable;
  jobs: JobsTable;
  complaints: ComplaintsTable;
  consents: ConsentsTable;
  holiday_decrees: HolidayDecreesTable;
  holidays: HolidaysTable;
  complaint_timeline: ComplaintTimelineTable;
  complaint_files: ComplaintFilesTable;
  complaint_counters: ComplaintCountersTable;
  back_office_alerts: BackOfficeAlertsTable;
  service_settings: ServiceSettingsTable;
  requests: RequestsTable;
  request_timeline: RequestTimelineTable;
  request_counters: RequestCountersTable;
  policy_addresses: PolicyAddressesTable;
  policy_history: PolicyHistoryTable;
  fund_prices: FundPricesTable;
  doctors: DoctorsTable;
  doctor_sessions: DoctorSessionsTable;
  consultations: ConsultationsTable;
  consultation_messages: ConsultationMessagesTable;
  doctor_events: DoctorEventsTable;
  providers: ProvidersTable;
  provider_search: ProviderSearchTable;
  provider_services: ProviderServicesTable;
  provider_plans: ProviderPlansTable;
  provider_terms: ProviderTermsTable;
  bills: BillsTable;
  payments: PaymentsTable;
  ledger_entries: LedgerEntriesTable;
  gateway_notifications: GatewayNotificationsTable;
  sim_transactions: SimTransactionsTable;
  sim_card_tokens: SimCardTokensTable;
  autodebits: AutodebitsTable;
  autodebit_attempts: AutodebitAttemptsTable;
  unit_movements: UnitMovementsTable;
  statements: StatementsTable;
  claims: ClaimsTable;
  claim_files: ClaimFilesTable;
  claim_timeline: ClaimTimelineTable;
  claim_counters: ClaimCountersTable;
  benefit_usage: BenefitUsageTable;
  customers: CustomersTable;
  policies: PoliciesTable;
  policy_parties: PolicyPartiesTable;
  policy_coverages: PolicyCoveragesTable;
  policy_beneficiaries: PolicyBeneficiariesTable;
  policy_funds: PolicyFundsTable;
  documents: DocumentsTable;
  accounts: AccountsTable;
  flows: FlowsTable;
  otp_codes: OtpCodesTable;
  sessions: SessionsTable;
  access_tokens: AccessTokensTable;
  refresh_tokens: RefreshTokensTable;
  login_failures: LoginFailuresTable;
  rate_counters: RateCountersTable;
  dev_outbox: DevOutboxTable;
  outbox: OutboxTable;
  events: EventsTable;
  inbox_messages: InboxMessagesTable;
  sign_ins: SignInsTable;
}
