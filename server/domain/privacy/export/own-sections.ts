import type { Kysely } from 'kysely';
import { normalisePolicyNumber } from '../../../../contract/api/common';
import type { Database } from '../../../store/schema';
import type { Account } from '../../account/account';
import { iso } from '../../clock';
import { getCustomer } from '../../customers';
import type { Inbox } from '../../events/inbox';
import type { Policies } from '../../policies/policies';
import type { AccessLog } from '../access-log';
import type { Consents } from '../consents';
import type { ExportSection } from './sections';
import { allPages } from './sections';

/**
 * The sections of what the foundation keeps: the profile and contacts (in full: the export is
 * the person's own, behind the password), policies and their people, inbox, sign-ins, sessions,
 * consents with their history, and who looked.
 */
export function ownExportSections(deps: {
  db: Kysely<Database>;
  policies: Policies;
  inbox: Inbox;
  account: Account;
  consents: Consents;
  accessLog: AccessLog;
}): ExportSection[] {
  const { db, policies, inbox, account, consents, accessLog } = deps;
  return [
    {
      key: 'profile',
      title: { id: 'Profil dan kontak', en: 'Profile and contacts' },
      async collect(p, sink) {
        const a = await db.selectFrom('accounts').selectAll().where('id', '=', p.accountId).executeTakeFirstOrThrow();
        const c = (await getCustomer(db, p.customerId))!;
        sink.json('profile', {
          username: a.username,
          fullName: c.fullName,
          dateOfBirth: c.dateOfBirth,
          email: c.email,
          phone: c.phone,
          language: a.language,
          notifications: { email: a.notify_email === 1, sms: a.notify_sms === 1 },
          accountCreatedAt: iso(a.created_at),
          passwordChangedAt: iso(a.password_changed_at),
        });
        return 1;
      },
    },
    {
      key: 'policies',
      title: { id: 'Polis dan tertanggung', en: 'Policies and their people' },
      async collect(p, sink) {
        const list = await policies.list(p.customerId);
        const full = [];
        // The list shows each number as printed; the policy is read by its key.
        for (const x of list) full.push(await policies.get(p.customerId, normalisePolicyNumber(x.policyNumber)));
        sink.json('policies', full);
        return full.length;
      },
    },
    {
      key: 'inbox',
      title: { id: 'Kotak Masuk', en: 'Inbox' },
      async collect(p, sink) {
        const list = await allPages(async (cursor) => {
          const page = await inbox.list(p.accountId, { limit: 100, cursor });
          return { items: page.messages, nextCursor: page.nextCursor };
        });
        sink.json('inbox', list);
        return list.length;
      },
    },
    {
      key: 'sign-ins',
      title: { id: 'Riwayat masuk', en: 'Sign-ins' },
      async collect(p, sink) {
        const list = await allPages(async (cursor) => {
          const page = await account.signIns(p, { limit: 100, cursor });
          return { items: page.signIns, nextCursor: page.nextCursor };
        });
        sink.json('sign-ins', list);
        return list.length;
      },
    },
    {
      key: 'sessions',
      title: { id: 'Sesi dan perangkat', en: 'Sessions and devices' },
      async collect(p, sink) {
        const { sessions } = await account.sessionsOf(p);
        // "This device" means nothing in a file read later.
        sink.json(
          'sessions',
          sessions.map(({ current: _current, ...s }) => s),
        );
        return sessions.length;
      },
    },
    {
      key: 'consents',
      title: { id: 'Persetujuan', en: 'Consents' },
      async collect(p, sink) {
        const now = await consents.list(p.accountId);
        const history = await allPages(async (cursor) => {
          const page = await consents.history(p.accountId, { limit: 100, cursor });
          return { items: page.changes, nextCursor: page.nextCursor };
        });
        sink.json('consents', { purposes: now.purposes, history });
        return history.length;
      },
    },
    {
      key: 'access-log',
      title: { id: 'Siapa yang melihat data saya', en: 'Who looked at my data' },
      async collect(p, sink) {
        const list = await allPages(async (cursor) => {
          const page = await accessLog.list(p.accountId, { limit: 100, cursor });
          return { items: page.entries, nextCursor: page.nextCursor };
        });
        sink.json('access-log', list);
        return list.length;
      },
    },
  ];
}
