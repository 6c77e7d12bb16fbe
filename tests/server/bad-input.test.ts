import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '../../contract/errors';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import { GOOD_PASSWORD, bearer, customerNamed, login, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';

type Res = Awaited<ReturnType<TestService['call']>>;

/** Every answer is a 2xx or a 4xx in the contract's error shape; never a 5xx. */
function expectHandled(res: Res, what: string): void {
  expect(res.statusCode, `${what} -> ${res.body}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(res.body));
    expect(parsed.success, `${what} -> ${res.body}`).toBe(true);
    expect(res.body).not.toMatch(/at .+\.(ts|js):\d+/u);
  }
}

const SQLISH = [
  "' OR '1'='1",
  '1; DROP TABLE accounts; --',
  '" OR ""="',
  "admin'--",
  '%27%20OR%201=1',
  '\\x00',
  'NULL',
];
const ODD = [
  '\u0000',
  '\u202e\u0633\u0644\u0627\u0645',
  '🧧💸'.repeat(40),
  'ﬃ',
  'A\u030a',
  '\ud800',
  '\uffff',
  'x'.repeat(5000),
];

const oddString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...SQLISH, ...ODD));
const oddValue = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(oddString, { maxLength: 3 }),
);

/** Bodies near the real shapes (right keys, wrong values), and anything at all. */
function bodies(keys: string[]) {
  return fc.oneof(
    fc.record(Object.fromEntries(keys.map((k) => [k, oddValue])), { requiredKeys: [] }),
    fc.dictionary(oddString, oddValue, { maxKeys: 5 }),
    fc.anything(),
  );
}

const FLOW_KEYS = [
  'policyType',
  'policyNumber',
  'memberNumber',
  'dateOfBirth',
  'email',
  'phone',
  'version',
  'channel',
  'code',
  'password',
  'passwordConfirmation',
];
const ROUTES: Array<{ method: string; path: (id: string) => string; keys: string[]; auth?: boolean }> = [
  { method: 'POST', path: () => '/v1/registrations', keys: FLOW_KEYS },
  { method: 'POST', path: (id) => `/v1/registrations/${id}/eula`, keys: ['version'] },
  { method: 'POST', path: (id) => `/v1/registrations/${id}/otp`, keys: ['channel'] },
  { method: 'POST', path: (id) => `/v1/registrations/${id}/otp/verify`, keys: ['code'] },
  { method: 'POST', path: (id) => `/v1/registrations/${id}/password`, keys: ['password', 'passwordConfirmation'] },
  { method: 'POST', path: () => '/v1/recoveries', keys: ['username'] },
  { method: 'POST', path: (id) => `/v1/recoveries/${id}/otp`, keys: ['channel'] },
  { method: 'POST', path: (id) => `/v1/recoveries/${id}/otp/verify`, keys: ['code'] },
  { method: 'POST', path: (id) => `/v1/recoveries/${id}/password`, keys: ['password', 'passwordConfirmation'] },
  { method: 'POST', path: () => '/v1/sessions', keys: ['username', 'password', 'device'] },
  { method: 'POST', path: () => '/v1/sessions/refresh', keys: ['refreshToken'] },
  { method: 'DELETE', path: () => '/v1/sessions/current', keys: [], auth: true },
  { method: 'GET', path: () => '/v1/me', keys: [], auth: true },
  { method: 'PATCH', path: () => '/v1/me', keys: ['language', 'notifications'], auth: true },
  { method: 'POST', path: () => '/v1/sessions/step-up', keys: ['password'], auth: true },
  {
    method: 'POST',
    path: () => '/v1/me/password',
    keys: ['currentPassword', 'newPassword', 'newPasswordConfirmation', 'endOtherSessions'],
    auth: true,
  },
  { method: 'GET', path: () => '/v1/me/sessions', keys: [], auth: true },
  { method: 'POST', path: () => '/v1/me/contact-changes', keys: ['channel', 'value'], auth: true },
  { method: 'POST', path: () => '/v1/me/contact-changes/verify', keys: ['code'], auth: true },
  { method: 'DELETE', path: (id) => `/v1/me/sessions/${id}`, keys: [], auth: true },
  { method: 'GET', path: (id) => `/v1/me/sign-ins?limit=${id}&cursor=${id}`, keys: [], auth: true },
  { method: 'GET', path: () => '/v1/policies', keys: [], auth: true },
  { method: 'GET', path: (id) => `/v1/policies/${id}`, keys: [], auth: true },
  { method: 'GET', path: (id) => `/v1/policies/${id}/documents`, keys: [], auth: true },
  { method: 'GET', path: (id) => `/v1/documents/${id}`, keys: [], auth: true },
  { method: 'GET', path: (id) => `/v1/inbox?cursor=${id}&limit=${id}&unread=${id}`, keys: [], auth: true },
  { method: 'POST', path: (id) => `/v1/inbox/${id}/read`, keys: [], auth: true },
  { method: 'POST', path: () => '/v1/inbox/read-all', keys: [], auth: true },
  // GET /v1/events is a stream that does not end: its bad input is tested in events-inbox.test.ts.
];

describe.each(STORE_KINDS)('bad input on %s', (kind) => {
  let t: TestService;
  let realFlowId: string;
  let token: string;
  let username: string;
  beforeAll(async () => {
    t = await startTestService(kind, {
      env: { FLOW_RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    username = await register(t, customerNamed('Rudi Hartono'));
    token = (await login(t, username)).json().accessToken;
    realFlowId = (await t.call('POST', '/v1/recoveries', { username })).json().flowId;
  });
  afterAll(async () => {
    await t.close();
  });

  const ids = fc.oneof(
    fc.string().map(encodeURIComponent),
    fc.constantFrom(...SQLISH.map(encodeURIComponent)),
    fc.constant('AAAAAAAAAAAAAAAAAAAAAA'),
  );
  const tokens = fc.oneof(fc.string({ unit: 'binary' }), fc.base64String(), fc.constantFrom(...SQLISH));

  it('fuzzes every route with wrong types, missing and extra fields, odd Unicode and SQL-looking strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES).chain((route) => fc.tuple(fc.constant(route), bodies(route.keys))),
        fc.oneof(ids, fc.constant(realFlowId)),
        fc.boolean(),
        fc.oneof(tokens, fc.constant(null)),
        async ([route, body], id, useRealToken, garbageToken) => {
          const headers: Record<string, string> = {};
          if (route.auth) {
            const tokenText = useRealToken ? token : garbageToken;
            // Header values must be Latin-1; the transport itself refuses others before the service.
            if (tokenText !== null && /^[\x20-\x7e]*$/u.test(tokenText)) headers.authorization = `Bearer ${tokenText}`;
          }
          const res = await t.call(
            route.method,
            route.path(id),
            route.method === 'GET' || route.method === 'DELETE' ? undefined : (body ?? null),
            headers,
          );
          expectHandled(res, `${route.method} ${route.path(id)} ${JSON.stringify(body)?.slice(0, 200)}`);
        },
      ),
      { numRuns: kind === 'sqlite' ? 600 : 300 },
    );
  });

  it('refuses text the database cannot store (a NUL character) with 400 naming the field, before any sign-in', async () => {
    // A session of its own (the fuzzing above may have ended the shared one).
    const token = (await login(t, username)).json().accessToken as string;
    const cases: Array<[string, string, unknown, string[], Record<string, string>?]> = [
      ['POST', '/v1/doctor/sessions', { username: 'dr.sari\u0000', password: 'rahasia sekali' }, ['username']],
      [
        'POST',
        '/v1/registrations',
        {
          policyType: 'group',
          policyNumber: 'KMP-2022-000045',
          memberNumber: 'PTMB\u00000002',
          dateOfBirth: '1992-01-30',
          email: 'dewi@example.com',
          phone: '+6281200000000',
        },
        ['memberNumber'],
      ],
      ['POST', '/v1/recoveries', { username: '\u0000' }, ['username']],
      ['GET', '/v1/providers?q=rumah%00sakit', undefined, ['q'], bearer(token)],
      ['POST', '/v1/sessions/step-up', { password: 'pass\u0000word' }, ['password'], bearer(token)],
    ];
    for (const [method, url, body, fields, headers] of cases) {
      const res = await t.call(method, url, body, headers);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', details: { fields } });
    }
  });

  it('asks who is calling before it reads the body: no key or token, 401 whatever the body', async () => {
    for (const [url, body] of [
      ['/v1/admin/claims', { nonsense: true }],
      ['/v1/admin/requests/AAAAAAAAAAAAAAAAAAAAAA/transitions', { to: 'flying' }],
      ['/v1/admin/jobs/AAAAAAAAAAAAAAAAAAAAAA/retry', 'not json at all'],
      ['/v1/claims', { policyNumber: 12 }],
      ['/v1/requests', []],
      ['/v1/consultations', { topic: null }],
    ] as const) {
      const res = await t.call('POST', url, body);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it('pages consultation messages at most 100 at a time, as every list', async () => {
    const token = (await login(t, username)).json().accessToken as string;
    const res = await t.call(
      'GET',
      '/v1/consultations/AAAAAAAAAAAAAAAAAAAAAA/messages?limit=200',
      undefined,
      bearer(token),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual(['limit']);
  });

  it('rejects unknown fields and names them', async () => {
    const res = await t.call('POST', '/v1/recoveries', { username: 'a', isAdmin: true, constructor: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual(expect.arrayContaining(['isAdmin', 'constructor']));
  });

  it('answers broken JSON, an empty body and a wrong content type with 4xx', async () => {
    for (const payload of ['{', '{"username": "a",}', 'null', '[]', '"text"', '\u0000', '{"__proto__": {"x": 1}}']) {
      const res = await t.service.app.inject({
        method: 'POST',
        url: '/v1/recoveries',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expectHandled(res, payload);
      expect(res.statusCode).toBe(400);
    }
    const empty = await t.service.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { 'content-type': 'application/json' },
    });
    expectHandled(empty, 'empty');
    const text = await t.service.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expectHandled(text, 'text/plain');
    expect(text.statusCode).toBe(415);
  });

  it('refuses a 10 MB body with 413 payload_too_large', async () => {
    const huge = JSON.stringify({ username: 'x'.repeat(10 * 1024 * 1024) });
    const res = await t.service.app.inject({
      method: 'POST',
      url: '/v1/recoveries',
      headers: { 'content-type': 'application/json' },
      payload: huge,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const justOver = await t.service.app.inject({
      method: 'POST',
      url: '/v1/recoveries',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x'.repeat(64 * 1024) }),
    });
    expect(justOver.statusCode).toBe(413);
  });

  it('answers unknown paths and methods in the error shape', async () => {
    for (const [method, url] of [
      ['GET', '/v1/nothing'],
      ['PUT', '/v1/sessions'],
      ['GET', '/v1/registrations'],
      ['GET', '/../../etc/passwd'],
    ] as const) {
      const res = await t.call(method, url);
      expectHandled(res, url);
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('answers over the wire', () => {
  let live: LiveService;
  beforeAll(async () => {
    live = await startLiveService();
  }, 60_000);
  afterAll(async () => {
    await live.close();
  });

  it('marks answers with personal data and tokens no-store and nosniff', async () => {
    const username = await register(live, customerNamed('Nur Aisyah'));
    const session = await fetch(`${live.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: GOOD_PASSWORD, device: { kind: 'personal', name: 'x' } }),
    });
    expect(session.status).toBe(200);
    const { accessToken } = (await session.json()) as { accessToken: string };
    const me = await fetch(`${live.url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    const refused = await fetch(`${live.url}/v1/me`);
    for (const res of [session, me, refused]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('answers headers over 16 KB with 431 in the contract’s error shape, and stays up', async () => {
    const { status, body, headers } = await rawRequest(
      live.url,
      `GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(status).toBe(431);
    expect(headers).toMatch(/content-type: application\/json/iu);
    expect(ErrorBodySchema.parse(JSON.parse(body)).error.code).toBe('invalid_request');
    expect((await fetch(`${live.url}/v1/health`)).status).toBe(200);
  });
});

/** One request written by hand on a socket, as no well-behaved client would send it. */
function rawRequest(url: string, request: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    let text = '';
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
  });
}
