import crypto from 'node:crypto';
import { expect } from 'vitest';
import { jakartaDate } from '../../server/domain/clock';
import { addDays } from '../../server/domain/calendar/working-days';
import { backOffice, bearer, customerNamed, GOOD_PASSWORD, login, register, type DemoCustomer } from './flows';
import type { TestService } from './service';
import { photoWithGps, plainPdf } from './claim-files';

/** A signed-in customer's claims calls, and the back office's, over `inject`. */
export class ClaimsDriver {
  constructor(
    readonly t: TestService,
    readonly token: string,
    readonly username: string,
  ) {}

  static async signIn(t: TestService, name: string): Promise<ClaimsDriver> {
    const c: DemoCustomer = customerNamed(name);
    const username = await register(t, c);
    const res = await login(t, username);
    expect(res.statusCode, res.body).toBe(200);
    return new ClaimsDriver(t, res.json().accessToken, username);
  }

  /** Signed in again (after the test clock moved past the access token's life). */
  async relogin(): Promise<ClaimsDriver> {
    const res = await login(this.t, this.username);
    expect(res.statusCode, res.body).toBe(200);
    return new ClaimsDriver(this.t, res.json().accessToken, this.username);
  }

  /** The password proved again (api-v1.md, Step-up), as the app asks before a payout account is set. */
  async stepUp(): Promise<void> {
    const res = await this.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
  }

  call(method: string, url: string, body?: unknown) {
    return this.t.call(method, url, body, bearer(this.token));
  }

  admin(method: string, url: string, body?: unknown, key = this.t.service.devAdminKey!) {
    return this.t.call(method, url, body, backOffice(key));
  }

  upload(claimId: string, kind: string, bytes: Buffer, contentType: string, fileName = 'berkas.pdf') {
    return this.t.service.app.inject({
      method: 'POST',
      url: `/v1/claims/${claimId}/files?kind=${kind}`,
      headers: { ...bearer(this.token), 'content-type': contentType, 'x-file-name': encodeURIComponent(fileName) },
      payload: bytes,
    });
  }

  async personId(policyNumber: string): Promise<string> {
    const res = await this.call('GET', `/v1/claims/options?policyNumber=${policyNumber}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().people[0].personId;
  }

  /** Today in Jakarta by the service's clock, and `n` days before. */
  daysAgo(n: number): string {
    return addDays(jakartaDate(this.t.clock.now()), -n);
  }

  /** A draft with every field a hospital stay needs, and every required document. */
  async readyHospitalClaim(policyNumber: string, over: { provider?: string; admitted?: number; holder?: string } = {}) {
    const personId = await this.personId(policyNumber);
    const admitted = over.admitted ?? 10;
    await this.stepUp();
    const created = await this.call('POST', '/v1/claims', {
      policyNumber,
      personId,
      type: 'hospitalization',
      event: {
        date: this.daysAgo(admitted),
        admissionDate: this.daysAgo(admitted),
        dischargeDate: this.daysAgo(admitted - 3),
        providerName: over.provider ?? 'RS Sehat Sentosa Jakarta',
        diagnosis: 'Demam berdarah dengue',
        icd10: 'A91',
      },
      amountClaimed: 12_500_000,
      payout: { bankCode: '014', accountNumber: '1234567890', accountHolder: over.holder ?? 'Budi Santoso' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const claimId: string = created.json().claimId;
    const pdf = await plainPdf();
    for (const kind of ['claim_form', 'receipt', 'medical_resume']) {
      const up = await this.upload(claimId, kind, pdf, 'application/pdf', `${kind}.pdf`);
      expect(up.statusCode, up.body).toBe(201);
    }
    const ktp = await this.upload(claimId, 'id_card', await photoWithGps(), 'image/jpeg', 'ktp.jpg');
    expect(ktp.statusCode, ktp.body).toBe(201);
    return claimId;
  }

  /** Starts paying a bill (payments.md), each payment with its own idempotency key unless one is given. */
  pay(billId: string, method = 'va_bca', key: string = crypto.randomUUID()) {
    return this.t.service.app.inject({
      method: 'POST',
      url: `/v1/bills/${billId}/payments`,
      headers: { ...bearer(this.token), 'content-type': 'application/json', 'idempotency-key': key },
      payload: JSON.stringify({ method }),
    });
  }

  async move(claimId: string, body: unknown) {
    return this.admin('POST', `/v1/admin/claims/${claimId}/transitions`, body);
  }
}
