import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service';
import { customerNamed, login, register } from '../helpers/flows';
import { openStream } from '../helpers/sse';
import { waitFor } from '../helpers/mail-and-sms';
import { STORE_KINDS } from '../helpers/stores';

/** One sample's value from Prometheus' text format, by its name and labels as written. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(STORE_KINDS)('metrics (%s)', (kind) => {
  let t: TestService;
  let url: string;
  beforeAll(async () => {
    t = await startTestService(kind, { env: { METRICS_PORT: '0' } });
    url = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
  });
  afterAll(async () => {
    await t?.close();
  });

  const scrape = async () => {
    const res = await fetch(t.service.metricsUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
    return res.text();
  };

  it('counts requests by route and status, logins, codes sent, open streams, jobs and the process, on a port of its own', async () => {
    const username = await register(t, customerNamed('Dewi Lestari'));
    const session = (await login(t, username)).json();
    await login(t, username, 'bukan kata sandinya');
    await login(t, username, 'bukan kata sandinya juga');
    // A notification the gateway did not sign: not believed (401), counted as refused.
    const forged = await t.call('POST', '/v1/gateway/midtrans/notifications', {
      order_id: 'tidak-ada',
      status_code: '200',
      gross_amount: '1000.00',
      signature_key: 'bukan-tanda-tangan',
      transaction_status: 'settlement',
    });
    expect(forged.statusCode).toBe(401);
    const stream = await openStream(url, session.accessToken);
    try {
      const text = await waitFor(async () => {
        const body = await scrape();
        return (sample(body, 'portal_otp_messages_total{channel="sms",outcome="sent"}') ?? 0) >= 1 ? body : undefined;
      });
      expect(sample(text, 'portal_http_requests_total{method="POST",route="/v1/sessions",status="401"}')).toBe(2);
      expect(sample(text, 'portal_http_requests_total{method="POST",route="/v1/sessions",status="200"}')).toBe(1);
      expect(sample(text, 'portal_logins_total{outcome="success"}')).toBe(1);
      expect(sample(text, 'portal_logins_total{outcome="refused"}')).toBe(2);
      expect(sample(text, 'portal_http_request_duration_seconds_count{method="POST",route="/v1/sessions"}')).toBe(3);
      expect(sample(text, 'portal_event_streams_open')).toBe(1);
      expect(sample(text, 'portal_gateway_notifications_total{verdict="refused"}')).toBe(1);
      expect(sample(text, 'portal_jobs{kind="message",status="done"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
      // PostgreSQL's pool is shown where there is one.
      expect(text.includes('portal_db_pool_connections{state="idle"}')).toBe(kind === 'postgres');
      // The operators' dashboard reads only metrics that exist.
      const dashboard = JSON.parse(fs.readFileSync('deploy/grafana-dashboard.json', 'utf8')) as {
        panels: Array<{ targets: Array<{ expr: string }> }>;
      };
      const read = dashboard.panels.flatMap((p) =>
        p.targets.flatMap((q) => q.expr.match(/\b(?:portal|process|nodejs)_\w+/gu) ?? []),
      );
      const declared = new Set([...text.matchAll(/^# TYPE (\w+) /gmu)].map((m) => m[1]!));
      const missing = read.filter((name) => !declared.has(name.replace(/_(?:bucket|count|sum)$/u, '')));
      expect(kind === 'postgres' ? missing : missing.filter((n) => n !== 'portal_db_pool_connections')).toEqual([]);
      // Never on the service's own port, where customers are.
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
    } finally {
      stream.close();
    }
    // The stream's end shows at the next scrape.
    await waitFor(async () => (sample(await scrape(), 'portal_event_streams_open') === 0 ? true : undefined));
  });
});
