import type { Kysely, Selectable } from 'kysely';
import { isUniqueViolation } from '../../store/connect';
import type { Database, DoctorsTable } from '../../store/schema';
import { iso } from '../clock';
import { ServiceError } from '../errors';
import type { IdentityContext } from '../identity/context';
import { advance, FLOW_LIFETIME_MS } from '../identity/flows';
import { maskEmail } from '../identity/masking';
import { issueCode, verifyCode } from '../identity/otp';
import { hashPassword, verifyPassword } from '../identity/password-hashing';
import { hashToken, newId, randomToken } from '../identity/secrets';
import { consumeRateLimit } from '../rate-limit';

/** A doctor's session lasts one duty shift at most; then the doctor signs in again. */
export const DOCTOR_SESSION_MS = 12 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

export type DoctorRow = Selectable<DoctorsTable>;

/** Who a doctor's bearer token names. Never a customer's principal, and never accepted where one is wanted. */
export interface DoctorPrincipal {
  doctorId: string;
  sessionId: string;
  name: string;
  licenseNumber: string;
}

export interface NewDoctor {
  name: string;
  license: string;
  email: string;
  username: string;
  password: string;
}

/** A doctor account, as the back office makes it (`npm run service -- doctors add`). */
export async function addDoctor(
  db: Kysely<Database>,
  now: number,
  d: NewDoctor,
): Promise<{ doctorId: string; username: string }> {
  const username = d.username.trim().toLowerCase();
  const doctorId = newId();
  try {
    await db
      .insertInto('doctors')
      .values({
        id: doctorId,
        username,
        full_name: d.name.trim(),
        license_number: d.license.trim().toUpperCase(),
        email: d.email.trim().toLowerCase(),
        password_hash: await hashPassword(d.password),
        active: 1,
        created_at: now,
      })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ServiceError('conflict', 'That username or license number has an account.');
    throw err;
  }
  return { doctorId, username };
}

/**
 * Doctor accounts (teleconsultation.md, Doctors): made by the back office, signed in with
 * username and password and then a code by e-mail (the one-time-code rules of recovery),
 * with sessions of their own kind.
 */
export class Doctors {
  constructor(private readonly ctx: IdentityContext) {}

  add(d: NewDoctor): Promise<{ doctorId: string; username: string }> {
    return addDoctor(this.ctx.db, this.ctx.clock.now(), d);
  }

  /** Step 1: username and password; a right pair sends a code to the doctor's e-mail. */
  async startLogin(
    username: string,
    password: string,
    clientKey: string,
  ): Promise<{ flowId: string; destination: string; expiresAt: string }> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    await consumeRateLimit(db, now, `doctor-login:${clientKey}`, this.ctx.limits.loginPerMinute, MINUTE_MS);
    const doctor = await db
      .selectFrom('doctors')
      .selectAll()
      .where('username', '=', username.trim().toLowerCase())
      .where('active', '=', 1)
      .executeTakeFirst();
    // An unknown name costs the same hash check as a known one.
    const right = await verifyPassword(doctor?.password_hash ?? this.ctx.dummyHash, password);
    if (!doctor || !right) throw new ServiceError('invalid_credentials', 'Wrong username or password.');

    const flow = {
      id: newId(),
      kind: 'doctor_login' as const,
      state: 'otp_channel' as const,
      customer_id: null,
      account_id: null,
      policy_number: null,
      username: doctor.username,
      eula_version: null,
      language: 'id' as const,
      codes_sent: 0,
      contact_channel: null,
      new_contact: null,
      resend_at: null,
      created_at: now,
      expires_at: now + FLOW_LIFETIME_MS,
    };
    await db.insertInto('flows').values(flow).execute();
    const minutes = Math.round(this.ctx.otpTtlMs / MINUTE_MS);
    const issued = await issueCode(this.ctx, flow, now, 'email', doctor.email, `doctor:${doctor.id}`, (code) => ({
      channel: 'email',
      to: doctor.email,
      subject: 'Kode masuk Konsol Dokter',
      body: `Kode masuk Konsol Dokter Portal Nasabah: ${code}. Berlaku ${minutes} menit. Jangan berikan kode ini kepada siapa pun.`,
      code,
    }));
    await this.ctx.messages.committed(issued.messageIds);
    return { flowId: flow.id, destination: maskEmail(doctor.email), expiresAt: issued.answer.expiresAt };
  }

  /** Step 2: the e-mailed code; answers the session's bearer token (kept only as a hash). */
  async verifyLogin(flowId: string, code: string) {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const flow = await verifyCode(this.ctx, flowId, 'doctor_login', now, code);
    await advance(db, flowId, 'doctor_login', now, 'password', 'done');
    const doctor = await db
      .selectFrom('doctors')
      .selectAll()
      .where('username', '=', flow.username ?? '')
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!doctor) throw new ServiceError('invalid_credentials', 'This doctor account is closed.');
    const token = randomToken(32);
    const expiresAt = now + DOCTOR_SESSION_MS;
    await db
      .insertInto('doctor_sessions')
      .values({
        id: newId(),
        doctor_id: doctor.id,
        token_hash: hashToken(token),
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
      })
      .execute();
    return {
      token,
      expiresAt: iso(expiresAt),
      doctor: { name: doctor.full_name, licenseNumber: doctor.license_number },
    };
  }

  /** A doctor's bearer token; a customer's token is unknown here, as this one is to customer routes. */
  async authenticate(token: string): Promise<DoctorPrincipal> {
    const now = this.ctx.clock.now();
    const row = await this.ctx.db
      .selectFrom('doctor_sessions')
      .innerJoin('doctors', 'doctors.id', 'doctor_sessions.doctor_id')
      .select([
        'doctor_sessions.id as session_id',
        'doctor_sessions.expires_at',
        'doctor_sessions.revoked_at',
        'doctors.id as doctor_id',
        'doctors.full_name',
        'doctors.license_number',
        'doctors.active',
      ])
      .where('doctor_sessions.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || row.active !== 1)
      throw new ServiceError('unauthenticated', 'Sign in first.');
    if (row.expires_at <= now) throw new ServiceError('session_expired', 'The session has ended; sign in again.');
    return {
      doctorId: row.doctor_id,
      sessionId: row.session_id,
      name: row.full_name,
      licenseNumber: row.license_number,
    };
  }

  async isActive(sessionId: string): Promise<boolean> {
    const row = await this.ctx.db
      .selectFrom('doctor_sessions')
      .select(['expires_at', 'revoked_at'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return !!row && row.revoked_at === null && row.expires_at > this.ctx.clock.now();
  }

  async logout(sessionId: string): Promise<void> {
    await this.ctx.db
      .updateTable('doctor_sessions')
      .set({ revoked_at: this.ctx.clock.now() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Every doctor who may hear of the queue. */
  async activeIds(): Promise<string[]> {
    const rows = await this.ctx.db.selectFrom('doctors').select('id').where('active', '=', 1).execute();
    return rows.map((r) => r.id);
  }
}
