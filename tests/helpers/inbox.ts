import type { Service } from '../../server/app';
import type { InboxCategory } from '../../contract/api/events';
import type { InboxTemplate } from '../../server/domain/events/inbox-texts';

/** The account id behind a username. */
export async function accountIdOf(service: Service, username: string): Promise<string> {
  const row = await service.store.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A Kotak Masuk message for an account, as an area delivers it: in a transaction, its event with it. */
export async function deliverMessage(
  service: Service,
  accountId: string,
  now: number,
  o: { template?: InboxTemplate; category?: InboxCategory; username?: string; send?: boolean } = {},
): Promise<string> {
  const id = await service.store.db.transaction().execute((trx) =>
    service.events.inbox.deliver(
      trx,
      {
        accountId,
        category: o.category ?? 'security',
        template: o.template ?? 'password_reset',
        params: { at: now, ...(o.username ? { username: o.username } : {}) },
        ...(o.send ? { send: true } : {}),
      },
      now,
    ),
  );
  return id!;
}
