import { startTestService, type StartOptions, type TestService } from './service';

/**
 * The payment gateway's development simulator on data of its own (SQLite), listening on
 * loopback: the Midtrans a production-mode service under test is set to, with
 * `MIDTRANS_BASE_URL` = `${url}/dev/gateway` and the same server key.
 */
export async function startGatewaySimulator(
  serverKey: string,
  options: StartOptions = {},
): Promise<TestService & { url: string }> {
  const t = await startTestService('sqlite', { ...options, env: { ...options.env, MIDTRANS_SERVER_KEY: serverKey } });
  const url = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
  return Object.assign(t, { url });
}
