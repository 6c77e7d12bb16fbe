import path from 'node:path';
import { Account } from '../domain/account/account';
import { ContactChange } from '../domain/account/contact-change';
import type { IdentityContext } from '../domain/identity/context';
import { loadEulas } from '../domain/identity/eula';
import { hashPassword } from '../domain/identity/password-hashing';
import { Recovery } from '../domain/identity/recovery';
import { Registration } from '../domain/identity/registration';
import { Keyed, loadServerKey, randomToken } from '../domain/identity/secrets';
import { Sessions } from '../domain/identity/sessions';
import { accountRoutes } from '../http/routes/account';
import { eventRoutes } from '../http/routes/events';
import { inboxRoutes } from '../http/routes/inbox';
import { recoveryRoutes } from '../http/routes/recovery';
import { registrationRoutes } from '../http/routes/registration';
import { sessionRoutes } from '../http/routes/sessions';
import type { MessageJobs } from '../notify/message-jobs';
import { resourcesDir } from '../paths';
import type { Foundation } from './foundation';

/**
 * Identity and the person's own corner (api-v1.md, account-inbox.md): registration, forgotten
 * passwords, sessions, Akun Saya, Kotak Masuk and the events stream. Built before the service
 * areas, which stand on its sessions and step-up.
 */
export async function identityArea(
  o: Pick<Foundation, 'app' | 'config' | 'store' | 'clock' | 'hub' | 'inbox' | 'streams'> & { messages: MessageJobs },
): Promise<{ ctx: IdentityContext; sessions: Sessions; account: Account }> {
  const { app, config, store, clock, hub, inbox } = o;
  const ctx: IdentityContext = {
    db: store.db,
    clock,
    keyed: new Keyed(loadServerKey(config.dataDir, config.otpHmacKeyHex)),
    messages: o.messages,
    log: app.log,
    otpTtlMs: config.otpTtlSeconds * 1000,
    care: config.care,
    legacyGraceMs: config.legacyUsernameGraceDays * 24 * 60 * 60 * 1000,
    eula: loadEulas(path.join(resourcesDir, 'eula')),
    dummyHash: await hashPassword(randomToken()),
    limits: {
      loginPerMinute: config.loginRateLimitPerMinute,
      flowStartsPerMinute: config.flowRateLimitPerMinute,
      failedLoginMinMs: config.failedLoginMinMs,
    },
    hub,
    inbox,
  };
  const sessions = new Sessions(ctx);
  const account = new Account(ctx, sessions);
  await app.register(registrationRoutes(new Registration(ctx)));
  await app.register(recoveryRoutes(new Recovery(ctx)));
  await app.register(sessionRoutes(sessions, store.db));
  await app.register(accountRoutes(account, new ContactChange(ctx, account), sessions));
  await app.register(inboxRoutes(inbox, sessions, clock));
  await app.register(eventRoutes(hub, sessions, o.streams, config.eventsKeepAliveSeconds * 1000));
  return { ctx, sessions, account };
}
