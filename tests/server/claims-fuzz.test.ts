import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimsDriver } from '../helpers/claims';
import { startTestService, type TestService } from '../helpers/service';

const HEALTH = 'IND-2021-004567';

/** Bodies near the contract's shape, with every field sometimes of the wrong kind or size. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('hospitalization', 'outpatient', 'death', '014', '1234567890', 'Budi Santoso', 'A91', '2026-99-99'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
const eventBody = fc.record(
  {
    date: anyValue,
    admissionDate: anyValue,
    dischargeDate: anyValue,
    providerName: anyValue,
    diagnosis: anyValue,
    icd10: anyValue,
  },
  { requiredKeys: [] },
);
const payoutBody = fc.record(
  { bankCode: anyValue, accountNumber: anyValue, accountHolder: anyValue },
  { requiredKeys: [] },
);
const claimBody = (personId: string) =>
  fc.oneof(
    fc.record(
      {
        policyNumber: fc.oneof(fc.constant(HEALTH), anyValue),
        personId: fc.oneof(fc.constant(personId), anyValue),
        type: anyValue,
        event: fc.oneof(eventBody, anyValue),
        amountClaimed: anyValue,
        payout: fc.oneof(payoutBody, anyValue),
        extra: anyValue,
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 3 }),
  );
const transitionBody = fc.oneof(
  fc.record(
    {
      to: fc.oneof(
        fc.constantFrom('verifying', 'assessing', 'approved', 'rejected', 'paid', 'documents_requested', 'draft'),
        anyValue,
      ),
      note: anyValue,
      approvedAmount: anyValue,
      reason: anyValue,
      documentKinds: fc.oneof(fc.array(fc.constantFrom('receipt', 'lab_result', 'nope'), { maxLength: 3 }), anyValue),
      paidAmount: anyValue,
      paidAt: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        anyValue,
      ),
      reference: anyValue,
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('Every claims route, driven with generated bodies, never answers 5xx', () => {
  let t: TestService;
  let budi: ClaimsDriver;
  let personId: string;
  let claimId: string;
  beforeAll(async () => {
    t = await startTestService('sqlite');
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    personId = await budi.personId(HEALTH);
    claimId = await budi.readyHospitalClaim(HEALTH);
  });
  afterAll(async () => {
    await t.close();
  });

  const ok = (res: { statusCode: number; body: string }, what: string) =>
    expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(500);

  it('customer calls with JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(claimBody(personId), fc.constantFrom('POST', 'PATCH'), async (body, method) => {
        const url = method === 'POST' ? '/v1/claims' : `/v1/claims/${claimId}`;
        ok(await budi.call(method, url, body), `${method} ${JSON.stringify(body)}`);
      }),
      { numRuns: 150 },
    );
  });

  it('queries, ids and the moving calls', async () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(HEALTH, 'submitted', '-1', '101', claimId));
    await fc.assert(
      fc.asyncProperty(text, text, text, fc.jsonValue({ maxDepth: 2 }), async (a, b, c, body) => {
        const q = (s: string) => encodeURIComponent(s);
        const id = /^[A-Za-z0-9_-]+$/u.test(a) ? a : q(a);
        for (const [m, url, payload] of [
          ['GET', `/v1/claims/options?policyNumber=${q(a)}`],
          ['GET', `/v1/claims?policyNumber=${q(a)}&status=${q(b)}&limit=${q(c)}&cursor=${q(b)}`],
          ['GET', `/v1/claims/${id}`],
          ['GET', `/v1/policies/${q(a)}/benefits?personId=${q(b)}`],
          ['POST', `/v1/claims/${id}/answer`, body],
          ['POST', `/v1/claims/${id}/withdraw`],
          ['DELETE', `/v1/claims/${id}/files/${q(b)}`],
        ] as Array<[string, string, unknown?]>) {
          ok(await budi.call(m, url, payload), `${m} ${url}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('uploads of any bytes, any declared type, any name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom('application/pdf', 'image/png', 'image/jpeg', 'text/html', 'application/json', ''),
        fc.string({ maxLength: 300 }),
        fc.constantFrom('receipt', 'other', 'nope', ''),
        async (bytes, type, name, kind) => {
          const res = await t.service.app.inject({
            method: 'POST',
            url: `/v1/claims/${claimId}/files?kind=${kind}`,
            headers: {
              authorization: `Bearer ${budi.token}`,
              ...(type ? { 'content-type': type } : {}),
              'x-file-name': encodeURIComponent(name),
            },
            payload: Buffer.from(bytes),
          });
          ok(res, `upload ${type} ${bytes.length}`);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('back-office moves and cashless claims', async () => {
    const submitted = await budi.readyHospitalClaim(HEALTH, { provider: 'RS Fuzz' });
    expect((await budi.call('POST', `/v1/claims/${submitted}/submit`)).statusCode).toBe(200);
    await fc.assert(
      fc.asyncProperty(transitionBody, fc.jsonValue({ maxDepth: 3 }), async (body, cashless) => {
        ok(await budi.move(submitted, body), `move ${JSON.stringify(body)}`);
        ok(await budi.admin('POST', '/v1/admin/claims', cashless), `cashless ${JSON.stringify(cashless)}`);
      }),
      { numRuns: 120 },
    );
  });
});
