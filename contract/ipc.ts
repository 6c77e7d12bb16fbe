import { z } from 'zod';
import { IsoDateSchema, LanguageSchema, PolicyNumberSchema, PolicyTypeSchema, ResourceIdSchema } from './api/common';
import {
  ChannelOptionSchema,
  DeviceKindSchema,
  EulaSchema,
  NoticeSchema,
  OtpChannelSchema,
  SessionUserSchema,
  UsernameSchema,
} from './api/identity';
import { DocumentSummarySchema, PolicyDetailSchema, PolicySummarySchema } from './api/policies';
import { AccountSessionSchema, SignInSchema } from './api/account';
import { InboxLinkSchema, InboxListSchema, InboxMessageEventSchema } from './api/events';
import { MeSchema } from './api/identity';
import { ServiceErrorCodeSchema } from './errors';
import {
  BillListSchema,
  BillStatusSchema,
  PaymentListSchema,
  PaymentMethodSchema,
  PaymentSchema,
  PaymentUpdatedEventSchema,
} from './api/payments';
import {
  BankListSchema,
  BenefitsSchema,
  ClaimCreateSchema,
  ClaimDocumentKindSchema,
  ClaimFileSchema,
  UploadedFileSchema,
  ClaimListSchema,
  ClaimOptionsSchema,
  ClaimPatchSchema,
  ClaimSchema,
  ClaimStatusSchema,
  ClaimUpdatedEventSchema,
  UploadContentTypeSchema,
} from './api/claims';
import {
  ComplaintCreateSchema,
  ComplaintListSchema,
  ComplaintSchema,
  ComplaintUpdatedEventSchema,
} from './api/complaints';
import {
  AccessLogSchema,
  AccountClosureSchema,
  ConsentHistorySchema,
  ConsentListSchema,
  ConsentPurposeSchema,
  DataExportListSchema,
  DataExportSchema,
} from './api/privacy';
import {
  PolicyHistorySchema,
  RequestListSchema,
  RequestSchema,
  RequestStatusSchema,
  RequestTypeSchema,
  RequestTypesSchema,
  RequestUpdatedEventSchema,
} from './api/requests';
import { AutodebitSchema } from './api/autodebit';
import { FundPricesSchema, PolicyValueSchema, StatementSchema, TransactionListSchema } from './api/statements';
import {
  ConsultationListSchema,
  ConsultationMessageSchema,
  ConsultationMessageEventSchema,
  ConsultationReadEventSchema,
  ConsultationSchema,
  ConsultationStatusEventSchema,
  ConsultationTypingEventSchema,
} from './api/consultations';
import {
  LatitudeSchema,
  LongitudeSchema,
  MemberCardSchema,
  ProviderListSchema,
  ProviderSchema,
  ProviderServiceSchema,
  ProviderTypeSchema,
  RegionsSchema,
} from './api/network';

/**
 * The preload API, `window.portal` (spec/preload-api.md): every method with its input
 * and output. The main process validates every input against these; the renderer's
 * types come from them. Nothing here carries a token, a flow id or the service URL.
 */

export const ScannedFileSchema = z.object({
  fileId: z.string(),
  fileName: z.string(),
  contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  sizeBytes: z.number().int().positive(),
  arrivedAt: z.iso.datetime(),
});
export type ScannedFile = z.infer<typeof ScannedFileSchema>;
export const KioskScansSchema = z.object({ source: z.enum(['scanner', 'none']), files: z.array(ScannedFileSchema) });
export type KioskScans = z.infer<typeof KioskScansSchema>;

/** The app's own error codes, beside the service's. */
export const AppErrorCodeSchema = z.enum([
  'network_unavailable',
  'keychain_unavailable',
  'not_allowed_in_kiosk',
  'invalid_input',
  'print_failed',
  'save_failed',
  'internal',
]);
export const PortalErrorCodeSchema = z.union([ServiceErrorCodeSchema, AppErrorCodeSchema]);
export type PortalErrorCode = z.infer<typeof PortalErrorCodeSchema>;

export const PortalErrorSchema = z.object({
  code: PortalErrorCodeSchema,
  details: z.record(z.string(), z.unknown()).optional(),
});
export type PortalError = z.infer<typeof PortalErrorSchema>;

export type PortalResult<T> = { ok: true; value: T } | { ok: false; error: PortalError };

const Empty = z.object({});
const DocumentRef = z.strictObject({ documentId: ResourceIdSchema });
const NoInput = z.undefined();
const ClaimRef = z.strictObject({ claimId: ResourceIdSchema });
const PaymentRef = z.strictObject({ paymentId: ResourceIdSchema });
const ConsultationRef = z.strictObject({ consultationId: ResourceIdSchema });
const RequestRef = z.strictObject({ requestId: ResourceIdSchema });
const ComplaintRef = z.strictObject({ complaintId: ResourceIdSchema });
const ExportRef = z.strictObject({ exportId: ResourceIdSchema });
const Bytes = z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer);
/** A file the person picked (or a kiosk's scan), as bytes with its name and type: never a path. */
const PickedFile = z.strictObject({
  fileName: z.string().max(255),
  contentType: z.string().max(100),
  bytes: Bytes,
});
const Cursor = z.strictObject({ cursor: z.string().max(200).optional() });
const ProviderRef = z.strictObject({ providerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/u, 'id') });
/** A payment with the time left to pay it, as a duration from now (the PC's clock may be wrong). */
const PaymentCountdownSchema = PaymentSchema.extend({ expiresInMs: z.number().int().nonnegative() });
const ClaimFileRef = z.strictObject({ claimId: ResourceIdSchema, fileId: ResourceIdSchema });

const OtpCountdownSchema = z.object({
  channel: OtpChannelSchema,
  destination: z.string(),
  expiresInMs: z.number().int().nonnegative(),
  resendInMs: z.number().int().nonnegative(),
});
export type OtpCountdown = z.infer<typeof OtpCountdownSchema>;

const PasswordInput = z.strictObject({ password: z.string().max(1024), passwordConfirmation: z.string().max(1024) });
const ChannelsOutput = z.object({ channels: z.array(ChannelOptionSchema) });

/** Why a session ended: its time ran out, it was ended elsewhere, nobody was there, or the person left. */
/** `account_closed`: the person closed their account (Data Saya); the session ended with it. */
const SignOutReasonSchema = z.enum(['expired', 'revoked', 'idle', 'logout', 'account_closed']);

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: DeviceKindSchema,
  language: LanguageSchema,
  keychainAvailable: z.boolean(),
  care: z.object({ phone: z.string(), email: z.string() }),
  branchName: z.string().optional(),
  /** The machine's configuration file was refused: what is wrong with it, for the branch to fix. */
  configProblems: z.array(z.string()).optional(),
  /** The map tile template (network.md); absent: no map, the list alone. */
  mapTileUrl: z.string().optional(),
  /** The tile provider's credit, as plain text. */
  mapAttribution: z.string().optional(),
  /** Extension: at a kiosk, when the last person's session was ended and their data wiped, and why. */
  lastWipe: z.object({ at: z.iso.datetime(), reason: SignOutReasonSchema }).optional(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SignedOutSchema = z.object({ reason: SignOutReasonSchema });
export type SignedOut = z.infer<typeof SignedOutSchema>;

export const ipcContract = {
  'app.info': { input: NoInput, output: AppInfoSchema },
  'app.setLanguage': { input: LanguageSchema, output: Empty },
  'app.openExternal': { input: z.string().max(2048), output: Empty },

  'registration.start': {
    input: z.strictObject({
      policyType: PolicyTypeSchema,
      policyNumber: z.string().max(64),
      memberNumber: z.string().max(32).optional(),
      dateOfBirth: z.string().max(10),
      email: z.string().max(254),
      phone: z.string().max(32),
    }),
    output: z.object({ eula: EulaSchema }),
  },
  'registration.acceptEula': { input: z.strictObject({ version: z.string().max(64) }), output: ChannelsOutput },
  'registration.sendOtp': { input: z.strictObject({ channel: OtpChannelSchema }), output: OtpCountdownSchema },
  'registration.verifyOtp': {
    input: z.strictObject({ code: z.string().max(6) }),
    output: z.object({ username: z.string() }),
  },
  'registration.setPassword': { input: PasswordInput, output: z.object({ username: z.string() }) },
  'registration.cancel': { input: NoInput, output: Empty },

  'recovery.start': { input: z.strictObject({ username: UsernameSchema }), output: ChannelsOutput },
  'recovery.sendOtp': { input: z.strictObject({ channel: OtpChannelSchema }), output: OtpCountdownSchema },
  'recovery.verifyOtp': { input: z.strictObject({ code: z.string().max(6) }), output: Empty },
  'recovery.setPassword': { input: PasswordInput, output: Empty },
  'recovery.cancel': { input: NoInput, output: Empty },

  'session.login': {
    input: z.strictObject({ username: z.string().max(64), password: z.string().max(1024), remember: z.boolean() }),
    output: z.object({ user: SessionUserSchema, notices: z.array(NoticeSchema) }),
  },
  'session.current': { input: NoInput, output: z.object({ user: SessionUserSchema.nullable() }) },
  'session.logout': { input: NoInput, output: Empty },

  'policies.list': { input: NoInput, output: z.object({ policies: z.array(PolicySummarySchema) }) },
  'policies.get': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema }),
    output: z.object({ policy: PolicyDetailSchema }),
  },
  'policies.documents': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema }),
    output: z.object({ documents: z.array(DocumentSummarySchema) }),
  },
  /** Kartu Peserta (network.md): online, or offline from the kept copy (never kept on a kiosk). */
  'policies.card': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema, personId: ResourceIdSchema.optional() }),
    output: MemberCardSchema.extend({ fromCache: z.boolean() }),
  },
  /** The PDF bytes themselves, never a path or a URL with a token. */
  'documents.open': {
    input: DocumentRef,
    output: z.object({ data: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer), fromCache: z.boolean() }),
  },
  /** Through the main process's save dialog; personal devices only. `saved: false` when the person cancels. */
  /** Extension: `savedAs`, where the copy went, for the person to find it ("Disimpan di …"). */
  'documents.saveCopy': {
    input: DocumentRef,
    output: z.object({ saved: z.boolean(), savedAs: z.string().optional() }),
  },
  /**
   * Prints the window's print layout of a document opened in this session (the renderer
   * has laid its pages out for print); on a kiosk only where the branch allows printing.
   */
  'documents.print': { input: DocumentRef, output: Empty },

  /* Akun Saya (account-inbox.md). */
  'account.get': { input: NoInput, output: MeSchema },
  'account.update': {
    input: z.strictObject({
      language: LanguageSchema.optional(),
      notifications: z.strictObject({ email: z.boolean().optional(), sms: z.boolean().optional() }).optional(),
    }),
    output: MeSchema,
  },
  'account.stepUp': {
    input: z.strictObject({ password: z.string().max(1024) }),
    output: z.object({ expiresInMs: z.number().int().nonnegative() }),
  },
  'account.changePassword': {
    input: z.strictObject({
      currentPassword: z.string().max(1024),
      newPassword: z.string().max(1024),
      newPasswordConfirmation: z.string().max(1024),
      endOtherSessions: z.boolean(),
    }),
    output: Empty,
  },
  /** Needs a recent step-up (`step_up_required` otherwise); the code goes to the new contact. */
  'account.startContactChange': {
    input: z.strictObject({ channel: OtpChannelSchema, value: z.string().max(254) }),
    output: z.object({
      destination: z.string(),
      expiresInMs: z.number().int().nonnegative(),
      resendInMs: z.number().int().nonnegative(),
    }),
  },
  'account.verifyContactChange': { input: z.strictObject({ code: z.string().max(6) }), output: MeSchema },
  'account.sessions': { input: NoInput, output: z.object({ sessions: z.array(AccountSessionSchema) }) },
  /** Ending the current session is a logout. */
  'account.endSession': { input: z.strictObject({ sessionId: ResourceIdSchema }), output: Empty },
  'account.signIns': {
    input: z.strictObject({ cursor: z.string().max(200).optional() }),
    output: z.object({ signIns: z.array(SignInSchema), nextCursor: z.string().optional() }),
  },

  /* Kotak Masuk. */
  'inbox.list': {
    input: z.strictObject({ cursor: z.string().max(200).optional(), unread: z.boolean().optional() }),
    output: InboxListSchema,
  },
  'inbox.read': { input: z.strictObject({ messageId: ResourceIdSchema }), output: Empty },
  'inbox.readAll': { input: NoInput, output: Empty },

  /* Klaim (claims.md). Files cross as bytes the renderer picked; the renderer never names a path. */
  'claims.options': { input: z.strictObject({ policyNumber: PolicyNumberSchema }), output: ClaimOptionsSchema },
  'claims.banks': { input: NoInput, output: BankListSchema },
  /** Sisa limit manfaat of a policy, for the wizard and the policy page. */
  'claims.benefits': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema, personId: ResourceIdSchema.optional() }),
    output: BenefitsSchema,
  },
  'claims.create': { input: ClaimCreateSchema, output: ClaimSchema },
  'claims.update': { input: ClaimPatchSchema.extend({ claimId: ResourceIdSchema }), output: ClaimSchema },
  'claims.remove': { input: ClaimRef, output: Empty },
  /** `uploadId` names the file in `claims.uploadProgress` events. */
  'claims.addFile': {
    input: z.strictObject({
      claimId: ResourceIdSchema,
      kind: ClaimDocumentKindSchema,
      fileName: z.string().max(255),
      contentType: z.string().max(100),
      bytes: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer),
      uploadId: z.string().max(64).optional(),
    }),
    output: ClaimFileSchema,
  },
  'claims.removeFile': { input: ClaimFileRef, output: Empty },
  'claims.openFile': {
    input: ClaimFileRef,
    output: z.object({
      bytes: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer),
      contentType: UploadContentTypeSchema,
    }),
  },
  'claims.submit': { input: ClaimRef, output: ClaimSchema },
  'claims.answer': { input: ClaimRef.extend({ note: z.string().max(1000) }), output: ClaimSchema },
  'claims.withdraw': { input: ClaimRef, output: ClaimSchema },
  'claims.list': {
    input: z.strictObject({
      policyNumber: PolicyNumberSchema.optional(),
      status: ClaimStatusSchema.optional(),
      cursor: z.string().max(200).optional(),
    }),
    output: ClaimListSchema,
  },
  'claims.get': { input: ClaimRef, output: ClaimSchema },

  /* Pembayaran Premi (payments.md). The main process makes each payment's idempotency key. */
  'payments.bills': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema.optional(), status: BillStatusSchema.optional() }),
    output: BillListSchema,
  },
  'payments.pay': {
    input: z.strictObject({ billId: ResourceIdSchema, method: PaymentMethodSchema }),
    output: PaymentCountdownSchema,
  },
  'payments.get': { input: PaymentRef, output: PaymentCountdownSchema },
  'payments.list': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema.optional(), cursor: z.string().max(200).optional() }),
    output: PaymentListSchema,
  },
  /** Card and e-wallet: the gateway's own page in the system browser (https only; never on a kiosk). */
  'payments.openGatewayPage': { input: PaymentRef, output: Empty },
  'payments.receipt': {
    input: PaymentRef,
    output: z.object({ bytes: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer) }),
  },
  /* Fund prices, values and statements (statements.md). */
  'funds.prices': {
    input: z.strictObject({
      fundCode: z.string().regex(/^[A-Z_]{2,20}$/u),
      from: IsoDateSchema.optional(),
      to: IsoDateSchema.optional(),
    }),
    output: FundPricesSchema,
  },
  'policies.value': {
    input: z.strictObject({
      policyNumber: PolicyNumberSchema,
      from: IsoDateSchema.optional(),
      to: IsoDateSchema.optional(),
    }),
    output: PolicyValueSchema,
  },
  'policies.transactions': {
    input: z.strictObject({
      policyNumber: PolicyNumberSchema,
      from: IsoDateSchema.optional(),
      to: IsoDateSchema.optional(),
      cursor: z.string().max(200).optional(),
    }),
    output: TransactionListSchema,
  },
  /** "Buat laporan": built by the service's job, announced in Kotak Masuk. */
  'policies.requestStatement': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema, from: IsoDateSchema, to: IsoDateSchema }),
    output: StatementSchema,
  },
  /** The policy's autodebit (payments.md, Reminders and autodebit); null for a policy without one. */
  'payments.autodebit': {
    input: z.strictObject({ policyNumber: PolicyNumberSchema }),
    output: z.object({ autodebit: AutodebitSchema.nullable() }),
  },
  /** Ends it from the next bill on (step-up first). */
  'payments.endAutodebit': { input: z.strictObject({ policyNumber: PolicyNumberSchema }), output: AutodebitSchema },

  /* Rumah Sakit & Klinik Rekanan (network.md). */
  'network.search': {
    input: z.strictObject({
      q: z.string().max(200).optional(),
      province: z.string().max(100).optional(),
      city: z.string().max(100).optional(),
      type: ProviderTypeSchema.optional(),
      service: ProviderServiceSchema.optional(),
      cashlessFor: PolicyNumberSchema.optional(),
      cashlessOnly: z.boolean().optional(),
      near: z.strictObject({ lat: LatitudeSchema, lon: LongitudeSchema }).optional(),
      cursor: z.string().max(200).optional(),
    }),
    output: ProviderListSchema,
  },
  'network.get': { input: ProviderRef, output: ProviderSchema },
  'network.regions': { input: NoInput, output: RegionsSchema },
  /** "Telepon" and "Petunjuk arah": opened outside by the main process (never on a kiosk). */
  'network.call': { input: ProviderRef, output: Empty },
  'network.directions': { input: ProviderRef, output: Empty },

  /* Transaksi Polis (policy-requests.md). */
  'requests.types': { input: z.strictObject({ policyNumber: PolicyNumberSchema }), output: RequestTypesSchema },
  'requests.submit': {
    input: z.strictObject({
      policyNumber: PolicyNumberSchema,
      type: RequestTypeSchema,
      payload: z.record(z.string(), z.unknown()),
    }),
    output: RequestSchema,
  },
  'requests.cancel': { input: RequestRef, output: RequestSchema },
  'requests.list': {
    input: z.strictObject({
      policyNumber: PolicyNumberSchema.optional(),
      status: RequestStatusSchema.optional(),
      cursor: z.string().max(200).optional(),
    }),
    output: RequestListSchema,
  },
  'requests.get': { input: RequestRef, output: RequestSchema },
  'policies.history': { input: z.strictObject({ policyNumber: PolicyNumberSchema }), output: PolicyHistorySchema },
  /** A data correction's document (KTP, akta kelahiran). */
  'requests.addFile': { input: RequestRef.extend(PickedFile.shape), output: UploadedFileSchema },

  /* Pengaduan (complaints-privacy.md). */
  'complaints.create': { input: ComplaintCreateSchema, output: ComplaintSchema },
  'complaints.list': { input: Cursor, output: ComplaintListSchema },
  'complaints.get': { input: ComplaintRef, output: ComplaintSchema },
  'complaints.withdraw': { input: ComplaintRef, output: ComplaintSchema },
  'complaints.feedback': {
    input: ComplaintRef.extend({ satisfied: z.boolean(), reason: z.string().max(1000).optional() }),
    output: ComplaintSchema,
  },
  'complaints.addFile': { input: ComplaintRef.extend(PickedFile.shape), output: UploadedFileSchema },
  /** The tanda terima (a PDF), for the app's reader. */
  'complaints.receipt': { input: ComplaintRef, output: z.object({ bytes: Bytes }) },
  /**
   * One of the complaint's own external routes (LAPS SJK, OJK's portal), opened outside by the
   * main process: only a page the service named for that complaint, and never on a kiosk.
   */
  'complaints.openExternal': { input: ComplaintRef.extend({ url: z.string().max(500) }), output: Empty },

  /* Data Saya (complaints-privacy.md). Copies and closing are not offered on a kiosk. */
  'privacy.consents': { input: NoInput, output: ConsentListSchema },
  'privacy.setConsent': {
    input: z.strictObject({
      purpose: ConsentPurposeSchema,
      granted: z.boolean(),
      version: z.number().int().positive(),
    }),
    output: Empty,
  },
  'privacy.consentHistory': { input: Cursor, output: ConsentHistorySchema },
  'privacy.accessLog': { input: Cursor, output: AccessLogSchema },
  'privacy.exports': { input: NoInput, output: DataExportListSchema },
  'privacy.requestExport': { input: NoInput, output: DataExportSchema },
  'privacy.getExport': { input: ExportRef, output: DataExportSchema },
  /** The ZIP saved where the person chooses (the save dialog), streamed: `privacy.exportProgress` tells how far. */
  'privacy.saveExport': {
    input: ExportRef,
    output: z.object({ saved: z.boolean(), savedAs: z.string().optional() }),
  },
  /** Closes the account (after `account.stepUp`): the session ends with the answer. */
  'privacy.closeAccount': { input: NoInput, output: AccountClosureSchema },

  /* Telekonsultasi (teleconsultation.md). The main process gives each message its client id and resends it. */
  'consult.start': {
    input: z.strictObject({
      policyNumber: PolicyNumberSchema,
      personId: ResourceIdSchema,
      topic: z.string().max(200),
      symptoms: z.string().max(2000),
    }),
    output: ConsultationSchema,
  },
  'consult.cancel': { input: ConsultationRef, output: ConsultationSchema },
  'consult.list': { input: z.strictObject({ cursor: z.string().max(200).optional() }), output: ConsultationListSchema },
  'consult.get': { input: ConsultationRef, output: ConsultationSchema },
  'consult.messages': {
    input: ConsultationRef.extend({ after: z.number().int().min(0).optional() }),
    output: z.object({
      messages: z.array(ConsultationMessageSchema),
      /** Extension: written here, not yet at the service (kept by the main process, sent again). */
      unsent: z.array(z.object({ clientMessageId: z.string(), text: z.string() })),
    }),
  },
  'consult.send': { input: ConsultationRef.extend({ text: z.string().max(4000) }), output: ConsultationMessageSchema },
  /** A photo for the doctor: bytes with their name and type, never a path. */
  'consult.sendImage': {
    input: ConsultationRef.extend({
      fileName: z.string().max(255),
      contentType: z.enum(['image/jpeg', 'image/png']),
      bytes: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer),
    }),
    output: ConsultationMessageSchema,
  },
  'consult.openImage': {
    input: ConsultationRef.extend({ fileId: ResourceIdSchema }),
    output: z.object({
      bytes: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer),
      contentType: z.enum(['image/jpeg', 'image/png']),
    }),
  },
  'consult.markRead': { input: ConsultationRef.extend({ upToSeq: z.number().int().positive() }), output: Empty },
  'consult.typing': { input: ConsultationRef, output: Empty },

  /** Input from the person at a kiosk (a key, a touch): the session goes on. */
  'kiosk.stillHere': { input: NoInput, output: Empty },
  /** "Selesai": logout and wipe at once. */
  'kiosk.finish': { input: NoInput, output: Empty },
  /**
   * Where a kiosk uploads from (it opens no system dialog): `scanner`, the files that reached the
   * branch scanner's folder during this session; `none`, nowhere (documents go by the customer's own
   * device or over the counter). A personal device answers `none`: it uses the system's picker.
   */
  'kiosk.scans': { input: NoInput, output: KioskScansSchema },
  /** One of this session's scans, as bytes for `claims.addFile` or `consult.sendImage`. */
  'kiosk.openScan': {
    input: z.strictObject({ fileId: z.string().min(1).max(255) }),
    output: ScannedFileSchema.extend({ bytes: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer) }),
  },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcMethod = keyof IpcContract;
export type IpcInput<M extends IpcMethod> = z.input<IpcContract[M]['input']>;
export type IpcOutput<M extends IpcMethod> = z.output<IpcContract[M]['output']>;

/** Events from main to renderer. */
export const DocumentProgressSchema = z.object({
  documentId: z.string(),
  receivedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type DocumentProgress = z.infer<typeof DocumentProgressSchema>;

/** Events from main to renderer; `ns.name` appears as `portal.ns.onName(cb)`. */
export const KioskIdleWarningSchema = z.object({ secondsLeft: z.number().int().positive() });
export type KioskIdleWarning = z.infer<typeof KioskIdleWarningSchema>;

/** A desktop notification was clicked: the window shows the message's item. */
export const InboxOpenSchema = z.object({ messageId: z.string(), link: InboxLinkSchema.optional() });
export type InboxOpen = z.infer<typeof InboxOpenSchema>;

/** Bytes of one claim file on their way to the service. */
export const ClaimUploadProgressSchema = z.object({
  uploadId: z.string(),
  claimId: z.string(),
  sentBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type ClaimUploadProgress = z.infer<typeof ClaimUploadProgressSchema>;

export const ConsultEventSchema = z.discriminatedUnion('kind', [
  ConsultationMessageEventSchema.extend({ kind: z.literal('message') }),
  ConsultationStatusEventSchema.extend({ kind: z.literal('status') }),
  ConsultationTypingEventSchema.extend({ kind: z.literal('typing') }),
  ConsultationReadEventSchema.extend({ kind: z.literal('read') }),
]);
export type ConsultEvent = z.infer<typeof ConsultEventSchema>;

export const ExportProgressSchema = z.object({
  exportId: z.string(),
  receivedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type ExportProgress = z.infer<typeof ExportProgressSchema>;

/** The app is about to quit to put an update in (a kiosk), or the update failed and it goes on. */
export const AppUpdatingSchema = z.object({ updating: z.boolean() });
export type AppUpdating = z.infer<typeof AppUpdatingSchema>;

/** Extension: whether the service answers (network.md's offline card aside, every screen says so). */
export const AppConnectionSchema = z.object({ online: z.boolean() });

export const ipcEvents = {
  'app.updating': AppUpdatingSchema,
  /** The service stopped answering, or answers again: the renderer shows or hides its offline banner. */
  'app.connection': AppConnectionSchema,
  'session.signedOut': SignedOutSchema,
  /** A new Kotak Masuk message, from the main process's events stream. */
  'inbox.message': InboxMessageEventSchema,
  'inbox.open': InboxOpenSchema,
  'kiosk.idleWarning': KioskIdleWarningSchema,
  'documents.progress': DocumentProgressSchema,
  /** A claim moved (the events stream's `claim.updated`). */
  'claims.updated': ClaimUpdatedEventSchema,
  'claims.uploadProgress': ClaimUploadProgressSchema,
  /** A payment moved (the events stream's `payment.updated`). */
  'payments.updated': PaymentUpdatedEventSchema,
  /** A request moved (the events stream's `request.updated`). */
  'requests.updated': RequestUpdatedEventSchema,
  /** A complaint moved (the events stream's `complaint.updated`). */
  'complaints.updated': ComplaintUpdatedEventSchema,
  /** Bytes of a copy of one's data on their way to the chosen file. */
  'privacy.exportProgress': ExportProgressSchema,
  /** A consultation's news from the events stream: a message, a status, typing, a read mark. */
  'consult.event': ConsultEventSchema,
} as const;
export type IpcEvent = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEvent> = z.output<(typeof ipcEvents)[E]>;

/** `portal.session.login` → `session.login`, and back. */
export const ipcMethodNames = Object.keys(ipcContract) as IpcMethod[];
