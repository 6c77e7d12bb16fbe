import { SAMPLE_CARE_LINE } from '../contract/api/common';
import path from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';

/** Thrown when a setting is missing or does not parse; the message names it. */
export class ConfigError extends Error {}

const intSetting = (min: number, max: number) =>
  z.string().regex(/^\d+$/u, 'a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const urlSetting = (protocols: string[]) =>
  z.string().refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), {
    message: `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  });

const EnvSchema = z.object({
  PORT: intSetting(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: urlSetting(['postgres:', 'postgresql:']).optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/u, 'a lower-case SQL identifier')
    .optional(),
  DATA_DIR: z.string().min(1).optional(),
  OTP_TTL_SECONDS: intSetting(10, 3600).default(120),
  OTP_HMAC_KEY: z
    .string()
    .regex(/^[0-9a-f]{64,}$/iu, 'at least 64 hex digits (32 bytes)')
    .optional(),
  SMTP_URL: urlSetting(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SMS_GATEWAY_URL: urlSetting(['http:', 'https:']).optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  LOGIN_RATE_LIMIT_PER_MINUTE: intSetting(1, 100000).default(60),
  FLOW_RATE_LIMIT_PER_MINUTE: intSetting(1, 100000).default(30),
  FAILED_LOGIN_MIN_MS: intSetting(0, 10000).default(400),
  // A job (a message, a receipt, …) an instance runs is held this long, and extended while it runs.
  JOB_LEASE_SECONDS: intSetting(1, 3600).default(30),
  // An instance that only answers requests (its jobs left to the other instances) says 'false'.
  RUN_JOBS: z.enum(['true', 'false']).default('true'),
  // 'false': this instance migrates nothing and waits for `npm run service -- migrate` (rolling upgrades).
  MIGRATE: z.enum(['true', 'false']).default('true'),
  MIGRATE_WAIT_SECONDS: intSetting(0, 86400).default(600),
  // Account and doctor events across instances on NATS JetStream instead of NOTIFY (PostgreSQL only).
  EVENTS_BUS: urlSetting(['nats:', 'tls:']).optional(),
  // GET /metrics (Prometheus) on this port of HOST; none without it.
  METRICS_PORT: intSetting(0, 65535).optional(),
  // After SIGTERM, requests still running this long are cut, and the process ends all the same.
  SHUTDOWN_GRACE_SECONDS: intSetting(1, 600).default(20),
  // A comment line on every open events stream this often, so proxies keep it (api-v1.md: 25 s).
  EVENTS_KEEPALIVE_SECONDS: intSetting(1, 300).default(25),
  LEGACY_USERNAME_GRACE_DAYS: intSetting(0, 3650).default(90),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  CARE_PHONE: z.string().min(1).default(SAMPLE_CARE_LINE.phone),
  CARE_EMAIL: z.string().min(1).default(SAMPLE_CARE_LINE.email),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u, 'an S3 bucket name')
    .optional(),
  S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]*$/u, 'a key prefix such as documents/')
    .default('documents/'),
  S3_REGION: z.string().min(1).default('ap-southeast-3'),
  S3_ENDPOINT: urlSetting(['http:', 'https:']).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  // Back-office keys (api-v1.md): `name:key` pairs, comma separated; a key of at least 24 characters.
  ADMIN_API_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_.-]{1,40}:[A-Za-z0-9_~.+/=-]{24,200}(,[A-Za-z0-9_.-]{1,40}:[A-Za-z0-9_~.+/=-]{24,200})*$/u,
      'name:key pairs, comma separated, keys of 24 characters or more',
    )
    .optional(),
  CLAIM_DEADLINE_DAYS: intSetting(1, 3650).default(60),
  CLAMD_URL: urlSetting(['tcp:']).optional(),
  // Premium payment (payments.md): the gateway, and the grace period after a due date.
  PAYMENT_GATEWAY: z.enum(['midtrans', 'simulator']).optional(),
  MIDTRANS_SERVER_KEY: z.string().min(10).max(200).optional(),
  MIDTRANS_BASE_URL: urlSetting(['http:', 'https:']).optional(),
  MIDTRANS_SNAP_URL: urlSetting(['http:', 'https:']).optional(),
  GRACE_DAYS: intSetting(0, 365).default(45),
  // Teleconsultation (teleconsultation.md): service hours in Jakarta, the wait before a consultation expires, the daily limit.
  CONSULT_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/u, 'HH:MM-HH:MM')
    .default('07:00-22:00'),
  CONSULT_WAIT_MINUTES: intSetting(1, 720).default(30),
  CONSULT_DAILY_LIMIT: intSetting(1, 50).default(3),
  // The digital member card (network.md): an Ed25519 key, PKCS#8 PEM or the 32-byte seed in hex.
  CARD_SIGNING_KEY: z.string().min(64).max(4000).optional(),
  // Linux: libuv's pool (the password hashing) on these CPUs, the rest of the service on the others.
  HASH_CPUS: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/u, 'a CPU list such as 1-3 or 0,2')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Mode = 'development' | 'production';

export interface Config {
  mode: Mode;
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };
  dataDir: string;
  /** Where document bytes live: `DATA_DIR/documents`, or a bucket shared by several instances. */
  documentStore:
    | { kind: 'folder'; dir: string }
    | { kind: 's3'; bucket: string; prefix: string; region: string; endpoint?: string; forcePathStyle: boolean };
  otpTtlSeconds: number;
  otpHmacKeyHex?: string;
  smtp?: { url: string; from: string };
  sms?: { url: string; token: string };
  loginRateLimitPerMinute: number;
  flowRateLimitPerMinute: number;
  /** A failed login answers no sooner than this, whatever hash the account has (or none). */
  failedLoginMinMs: number;
  /** How long an instance holds a job it runs (extended while it runs) before another may take it over. */
  jobLeaseSeconds: number;
  /** Whether this instance runs jobs at all (false: it only answers requests). */
  runJobs: boolean;
  /** Whether this instance brings the schema up to date, or waits (up to `migrateWaitSeconds`) for it to be. */
  migrate: boolean;
  migrateWaitSeconds: number;
  /** After SIGTERM, how long requests in flight may take before they are cut. */
  shutdownGraceSeconds: number;
  /** Where `GET /metrics` answers (a port of its own on `host`); no metrics endpoint without it. */
  metricsPort?: number;
  /** NATS (JetStream) that carries live events between instances, instead of PostgreSQL's NOTIFY. */
  eventsBus?: string;
  eventsKeepAliveSeconds: number;
  legacyUsernameGraceDays: number;
  trustProxy: boolean;
  care: { phone: string; email: string };
  logLevel: string;
  /** Back-office keys by name; absent: every back-office call is refused (development mode makes one). */
  adminApiKeys?: Array<{ name: string; key: string }>;
  claimDeadlineDays: number;
  /** clamd, where every uploaded file is scanned first. */
  clamdUrl?: string;
  /** The payment gateway: Midtrans, or the development simulator served by the service itself. */
  payments:
    | { gateway: 'midtrans'; serverKey: string; baseUrl: string; snapUrl: string }
    | { gateway: 'simulator'; serverKey?: string };
  graceDays: number;
  /** Signs member cards; absent in development mode, where one is derived from the server key. */
  cardSigningKey?: string;
  consult: { opens: string; closes: string; waitMinutes: number; dailyLimit: number };
  /** The CPUs for libuv's pool (password hashing) apart from the rest of the service, as HASH_CPUS lists them. */
  hashCpus?: string;
}

/** The user's data folder; development mode keeps its demo data apart. */
function defaultDataDir(mode: Mode): string {
  const base = envPaths('portal-nasabah-service', { suffix: '' }).data;
  return mode === 'development' ? path.join(base, 'dev') : base;
}

/** Reads and validates the settings; a bad or missing one stops the start with its name. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  mode: Mode,
  /** The service itself sends messages; a tool such as the import does not. */
  { sendsMessages = true }: { sendsMessages?: boolean } = {},
): Config {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid setting ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR ?? defaultDataDir(mode));

  const pairs: Array<[string, string | undefined, string, string | undefined]> = [
    ['SMTP_URL', e.SMTP_URL, 'SMTP_FROM', e.SMTP_FROM],
    ['SMS_GATEWAY_URL', e.SMS_GATEWAY_URL, 'SMS_GATEWAY_TOKEN', e.SMS_GATEWAY_TOKEN],
  ];
  for (const [a, av, b, bv] of pairs) {
    if ((av === undefined) !== (bv === undefined)) {
      throw new ConfigError(`setting ${av === undefined ? a : b} is needed together with ${av === undefined ? b : a}`);
    }
  }
  if (mode === 'production' && sendsMessages) {
    const missing = ['SMTP_URL', 'SMTP_FROM', 'SMS_GATEWAY_URL', 'SMS_GATEWAY_TOKEN'].filter(
      (k) => present[k] === undefined,
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `production mode needs the message settings ${missing.join(', ')} (or start with --dev to keep messages in the development outbox)`,
      );
    }
  }

  if (e.EVENTS_BUS && !e.DATABASE_URL) {
    throw new ConfigError('setting EVENTS_BUS is for several instances on PostgreSQL: it needs DATABASE_URL');
  }

  const gateway = e.PAYMENT_GATEWAY ?? (mode === 'development' ? 'simulator' : 'midtrans');
  if (mode === 'production' && gateway === 'simulator') {
    throw new ConfigError(
      'setting PAYMENT_GATEWAY: production mode takes real payments only (midtrans), never the simulator',
    );
  }
  if (gateway === 'midtrans' && sendsMessages && (!e.MIDTRANS_SERVER_KEY || !e.MIDTRANS_BASE_URL)) {
    const missing = ['MIDTRANS_SERVER_KEY', 'MIDTRANS_BASE_URL'].filter((k) => present[k] === undefined);
    throw new ConfigError(`the Midtrans gateway needs the settings ${missing.join(', ')}`);
  }
  if (mode === 'production' && sendsMessages && !e.CARD_SIGNING_KEY) {
    // Every instance must sign with the one key whose public half the front desks hold.
    throw new ConfigError('production mode needs the setting CARD_SIGNING_KEY (an Ed25519 private key)');
  }
  const payments: Config['payments'] =
    gateway === 'midtrans'
      ? {
          gateway,
          serverKey: e.MIDTRANS_SERVER_KEY ?? '',
          baseUrl: (e.MIDTRANS_BASE_URL ?? '').replace(/\/+$/u, ''),
          // Snap lives at app.* where the Core API is api.* (sandbox alike); a setting names another.
          snapUrl: (e.MIDTRANS_SNAP_URL ?? (e.MIDTRANS_BASE_URL ?? '').replace('//api.', '//app.')).replace(
            /\/+$/u,
            '',
          ),
        }
      : { gateway, serverKey: e.MIDTRANS_SERVER_KEY };

  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA }
      : { kind: 'sqlite', file: path.join(dataDir, 'portal.sqlite') },
    dataDir,
    documentStore: e.S3_BUCKET
      ? {
          kind: 's3',
          bucket: e.S3_BUCKET,
          prefix: e.S3_PREFIX,
          region: e.S3_REGION,
          endpoint: e.S3_ENDPOINT,
          forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
        }
      : { kind: 'folder', dir: path.join(dataDir, 'documents') },
    otpTtlSeconds: e.OTP_TTL_SECONDS,
    otpHmacKeyHex: e.OTP_HMAC_KEY,
    smtp: e.SMTP_URL && e.SMTP_FROM ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    sms: e.SMS_GATEWAY_URL && e.SMS_GATEWAY_TOKEN ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN } : undefined,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    flowRateLimitPerMinute: e.FLOW_RATE_LIMIT_PER_MINUTE,
    failedLoginMinMs: e.FAILED_LOGIN_MIN_MS,
    jobLeaseSeconds: e.JOB_LEASE_SECONDS,
    runJobs: e.RUN_JOBS === 'true',
    migrate: e.MIGRATE === 'true',
    migrateWaitSeconds: e.MIGRATE_WAIT_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    metricsPort: e.METRICS_PORT,
    eventsBus: e.EVENTS_BUS,
    hashCpus: e.HASH_CPUS,
    eventsKeepAliveSeconds: e.EVENTS_KEEPALIVE_SECONDS,
    legacyUsernameGraceDays: e.LEGACY_USERNAME_GRACE_DAYS,
    trustProxy: e.TRUST_PROXY === 'true',
    care: { phone: e.CARE_PHONE, email: e.CARE_EMAIL },
    logLevel: e.LOG_LEVEL,
    adminApiKeys: e.ADMIN_API_KEYS?.split(',').map((pair) => {
      const at = pair.indexOf(':');
      return { name: pair.slice(0, at), key: pair.slice(at + 1) };
    }),
    claimDeadlineDays: e.CLAIM_DEADLINE_DAYS,
    clamdUrl: e.CLAMD_URL,
    payments,
    graceDays: e.GRACE_DAYS,
    cardSigningKey: e.CARD_SIGNING_KEY,
    consult: {
      opens: e.CONSULT_HOURS.slice(0, 5),
      closes: e.CONSULT_HOURS.slice(6),
      waitMinutes: e.CONSULT_WAIT_MINUTES,
      dailyLimit: e.CONSULT_DAILY_LIMIT,
    },
  };
}
