import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service';

describe('GET /v1/openapi.json', () => {
  let t: TestService;
  let doc: any;
  beforeAll(async () => {
    t = await startTestService('sqlite', { seed: false });
    const res = await t.call('GET', '/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is OpenAPI 3.1 with every route of the contract', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /v1/health',
        // Operations, beside the contract: for load balancers (docs/operations.md, Starting it).
        'GET /health/live',
        'GET /health/ready',
        'POST /v1/registrations',
        'POST /v1/registrations/{flowId}/eula',
        'POST /v1/registrations/{flowId}/otp',
        'POST /v1/registrations/{flowId}/otp/verify',
        'POST /v1/registrations/{flowId}/password',
        'POST /v1/recoveries',
        'POST /v1/recoveries/{flowId}/otp',
        'POST /v1/recoveries/{flowId}/otp/verify',
        'POST /v1/recoveries/{flowId}/password',
        'POST /v1/sessions',
        'POST /v1/sessions/refresh',
        'DELETE /v1/sessions/current',
        'GET /v1/me',
        'PATCH /v1/me',
        'GET /v1/policies',
        'GET /v1/policies/{policyNumber}',
        'GET /v1/policies/{policyNumber}/documents',
        'GET /v1/documents/{documentId}',
        'GET /v1/admin/jobs',
        'POST /v1/admin/jobs/{jobId}/retry',
        'GET /v1/dev/clock',
        'POST /v1/dev/clock',
        'GET /v1/dev/outbox',
        'GET /v1/events',
        'GET /v1/inbox',
        'POST /v1/inbox/{messageId}/read',
        'POST /v1/inbox/read-all',
        'POST /v1/sessions/step-up',
        'POST /v1/me/password',
        'GET /v1/me/sessions',
        'DELETE /v1/me/sessions/{sessionId}',
        'GET /v1/me/sign-ins',
        'POST /v1/me/contact-changes',
        'POST /v1/me/contact-changes/verify',
        'GET /v1/claims/options',
        'GET /v1/banks',
        'GET /v1/policies/{policyNumber}/benefits',
        'POST /v1/claims',
        'GET /v1/claims',
        'GET /v1/claims/{claimId}',
        'PATCH /v1/claims/{claimId}',
        'DELETE /v1/claims/{claimId}',
        'POST /v1/claims/{claimId}/submit',
        'POST /v1/claims/{claimId}/answer',
        'POST /v1/claims/{claimId}/withdraw',
        'GET /v1/claims/{claimId}/files/{fileId}',
        'DELETE /v1/claims/{claimId}/files/{fileId}',
        'POST /v1/claims/{claimId}/files',
        'GET /v1/admin/claims',
        'GET /v1/admin/claims/{claimId}',
        'POST /v1/admin/claims/{claimId}/transitions',
        'POST /v1/admin/claims',
        'GET /v1/bills',
        'GET /v1/bills/{billId}',
        'POST /v1/bills/{billId}/payments',
        'GET /v1/payments',
        'GET /v1/payments/{paymentId}',
        'GET /v1/payments/{paymentId}/receipt',
        'POST /v1/gateway/midtrans/notifications',
        'GET /v1/providers',
        'GET /v1/providers/{providerId}',
        'GET /v1/regions',
        'GET /v1/policies/{policyNumber}/card',
        'GET /v1/card-key',
        'POST /v1/consultations',
        'GET /v1/consultations',
        'GET /v1/consultations/{consultationId}',
        'POST /v1/consultations/{consultationId}/cancel',
        'GET /v1/consultations/{consultationId}/messages',
        'POST /v1/consultations/{consultationId}/messages',
        'POST /v1/consultations/{consultationId}/read',
        'POST /v1/consultations/{consultationId}/typing',
        'POST /v1/consultations/{consultationId}/files',
        'GET /v1/consultations/{consultationId}/files/{fileId}',
        'GET /v1/doctor/consultations/{consultationId}/files/{fileId}',
        'POST /v1/doctor/sessions',
        'POST /v1/doctor/sessions/verify',
        'DELETE /v1/doctor/sessions/current',
        'GET /v1/doctor/queue',
        'GET /v1/doctor/consultations',
        'GET /v1/doctor/consultations/{consultationId}',
        'POST /v1/doctor/consultations/{consultationId}/take',
        'GET /v1/doctor/consultations/{consultationId}/messages',
        'POST /v1/doctor/consultations/{consultationId}/messages',
        'POST /v1/doctor/consultations/{consultationId}/read',
        'POST /v1/doctor/consultations/{consultationId}/typing',
        'POST /v1/doctor/consultations/{consultationId}/close',
        'GET /v1/doctor/events',
        'GET /v1/policies/{policyNumber}/request-types',
        'GET /v1/policies/{policyNumber}/history',
        'POST /v1/requests',
        'GET /v1/requests',
        'GET /v1/requests/{requestId}',
        'POST /v1/requests/{requestId}/cancel',
        'POST /v1/requests/{requestId}/files',
        'GET /v1/requests/{requestId}/files/{fileId}',
        'POST /v1/admin/requests/{requestId}/transitions',
        'GET /v1/admin/requests',
        // Complaints (complaints-privacy.md) and the back office's alerts.
        'POST /v1/complaints',
        'GET /v1/complaints',
        'GET /v1/complaints/{complaintId}',
        'POST /v1/complaints/{complaintId}/withdraw',
        'POST /v1/complaints/{complaintId}/feedback',
        'GET /v1/complaints/{complaintId}/receipt',
        'POST /v1/complaints/{complaintId}/files',
        'GET /v1/complaints/{complaintId}/files/{fileId}',
        'GET /v1/admin/complaints',
        'GET /v1/admin/complaints/report',
        'GET /v1/admin/complaints/{complaintId}',
        'POST /v1/admin/complaints/{complaintId}/transitions',
        'GET /v1/admin/alerts',
        'POST /v1/admin/alerts/{alertId}/acknowledge',
        // Autodebit (payments.md, Reminders and autodebit).
        'GET /v1/policies/{policyNumber}/autodebit',
        'DELETE /v1/policies/{policyNumber}/autodebit',
        'GET /v1/admin/autodebit/instructions',
        'POST /v1/admin/autodebit/results',
        // Fund prices, values and statements (statements.md).
        'GET /v1/funds/{fundCode}/prices',
        'GET /v1/policies/{policyNumber}/value',
        'GET /v1/policies/{policyNumber}/transactions',
        'POST /v1/policies/{policyNumber}/statements',
        // Data Saya (complaints-privacy.md).
        'GET /v1/me/consents',
        'PUT /v1/me/consents/{purpose}',
        'GET /v1/me/consents/history',
        'GET /v1/me/access-log',
        'POST /v1/me/closure',
        'POST /v1/me/data-exports',
        'GET /v1/me/data-exports',
        'GET /v1/me/data-exports/{exportId}',
        'GET /v1/me/data-exports/{exportId}/file',
      ].sort(),
    );
  });

  it('is generated from the zod schemas: enums, strictness and the error shape come through', () => {
    const start = doc.paths['/v1/registrations'].post;
    const body = start.requestBody.content['application/json'].schema;
    expect(body.properties.policyType.enum).toEqual(['individual', 'group', 'sharia']);
    expect(body.additionalProperties).toBe(false);
    expect(body.required).toEqual(
      expect.arrayContaining(['policyType', 'policyNumber', 'dateOfBirth', 'email', 'phone']),
    );
    // A back-office read of a person's data says why: the header is part of the contract.
    expect(doc.paths['/v1/admin/claims'].get.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'x-reason', required: true })]),
    );
    const login = doc.paths['/v1/sessions'].post;
    const errorRef = login.responses['4XX'] ?? login.responses['4xx'];
    expect(errorRef.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(
      expect.arrayContaining(['invalid_credentials', 'otp_invalid', 'account_locked', 'unavailable']),
    );
    expect(doc.paths['/v1/me'].get.security).toEqual([{ bearerAuth: [] }]);
  });
});
