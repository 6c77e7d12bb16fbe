import type { Kysely, Selectable } from 'kysely';
import type { Language } from '../../../contract/api/common';
import type { InboxCategory, InboxLink, InboxList, InboxMessage } from '../../../contract/api/events';
import type { Care } from '../../notify/messages';
import type { MessageJobs } from '../../notify/message-jobs';
import type { NewJob } from '../../jobs/jobs';
import type { OutgoingMessage } from '../../notify/transport';
import type { Database, InboxMessagesTable } from '../../store/schema';
import { accountLanguage } from '../account/language';
import { ServiceError } from '../errors';
import { newestFirst, pageOf } from '../paging';
import { newId } from '../identity/secrets';
import type { EventHub } from './hub';
import { inboxText, type InboxParams, type InboxTemplate } from './inbox-texts';

export interface NewInboxMessage {
  /** A fixed id makes the message once-only: a second delivery with it is nothing. */
  id?: string;
  accountId: string;
  category: InboxCategory;
  template: InboxTemplate;
  params: InboxParams;
  link?: InboxLink;
  /**
   * Also by SMS and e-mail, as the title and text of the message: per the person's
   * notification choices, or to both contacts for a security notice (always sent).
   */
  send?: boolean;
  /** With `send`: exactly these channels (the person chose one for this matter), whatever the usual choices. */
  channels?: Array<'sms' | 'email'>;
  /** With the e-mail: a stored PDF (a receipt). */
  attachment?: { documentId: string; fileName: string };
  /** Other jobs of the same move, written with its messages in one statement. */
  jobs?: NewJob[];
}

type Row = Selectable<InboxMessagesTable>;

/** Kotak Masuk: one message per thing the person should hear of, and an event with it. */
export class Inbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly hub: EventHub,
    private readonly care: Care,
    private readonly messages: MessageJobs,
  ) {}

  /** In the caller's transaction: the message, and the `inbox.message` event that carries it. */
  async deliver(trx: Kysely<Database>, m: NewInboxMessage, now: number): Promise<string | null> {
    // A closed account keeps no inbox (retention.md): the move's own jobs still go.
    const open = await trx.selectFrom('accounts').select('closed_at').where('id', '=', m.accountId).executeTakeFirst();
    if (open?.closed_at != null) {
      if (m.jobs?.length) await this.messages.addWith(trx, now, [], m.jobs);
      return null;
    }
    const row: Row = {
      id: m.id ?? newId(),
      account_id: m.accountId,
      category: m.category,
      template: m.template,
      params: JSON.stringify(m.params),
      link_kind: m.link?.kind ?? null,
      link_id: m.link?.id ?? null,
      created_at: now,
      read_at: null,
    };
    const inserted = await trx
      .insertInto('inbox_messages')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      if (m.jobs?.length) await this.messages.addWith(trx, now, [], m.jobs);
      return null;
    }
    // The reader's language, contacts and choices, and the unread count, in one look.
    const reader = await trx
      .selectFrom('accounts')
      .innerJoin('customers', 'customers.id', 'accounts.customer_id')
      .select((eb) => [
        'accounts.language',
        'customers.email',
        'customers.phone',
        'accounts.notify_email',
        'accounts.notify_sms',
        eb
          .selectFrom('inbox_messages')
          .select((x) => x.fn.countAll<number>().as('n'))
          .where('inbox_messages.account_id', '=', m.accountId)
          .where('inbox_messages.read_at', 'is', null)
          .as('unread'),
      ])
      .where('accounts.id', '=', m.accountId)
      .executeTakeFirstOrThrow();
    const message = this.render(row, reader.language ?? 'id');
    await this.hub.raise(trx, m.accountId, 'inbox.message', { message, unreadCount: Number(reader.unread ?? 0) }, now);
    await this.messages.addWith(trx, now, m.send ? this.outgoing(m, message, reader) : [], m.jobs ?? []);
    return row.id;
  }

  async list(accountId: string, q: { limit: number; cursor?: string; unread?: 'true' | 'false' }): Promise<InboxList> {
    let query = this.db.selectFrom('inbox_messages').selectAll().where('account_id', '=', accountId);
    if (q.unread === 'true') query = query.where('read_at', 'is', null);
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    const language = await accountLanguage(this.db, accountId);
    return {
      messages: page.map((r) => this.render(r, language)),
      unreadCount: await this.unread(this.db, accountId),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  /** Marks one message read; another person's message, or none, is not found. */
  async read(accountId: string, messageId: string, now: number): Promise<void> {
    const found = await this.db
      .selectFrom('inbox_messages')
      .select('read_at')
      .where('id', '=', messageId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!found) throw new ServiceError('not_found', 'No such message.');
    if (found.read_at !== null) return;
    await this.db
      .updateTable('inbox_messages')
      .set({ read_at: now })
      .where('id', '=', messageId)
      .where('read_at', 'is', null)
      .execute();
  }

  async readAll(accountId: string, now: number): Promise<void> {
    await this.db
      .updateTable('inbox_messages')
      .set({ read_at: now })
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .execute();
  }

  private render(r: Row, language: Language): InboxMessage {
    const text = inboxText(r.template as InboxTemplate, JSON.parse(r.params) as InboxParams, language, this.care);
    return {
      messageId: r.id,
      category: r.category,
      title: text.title,
      body: text.body,
      ...(r.link_kind && r.link_id ? { link: { kind: r.link_kind as InboxLink['kind'], id: r.link_id } } : {}),
      createdAt: new Date(r.created_at).toISOString(),
      ...(r.read_at !== null ? { readAt: new Date(r.read_at).toISOString() } : {}),
    };
  }

  /** The message by SMS and e-mail, per the person's choices (a security notice to both, always). */
  private outgoing(
    m: NewInboxMessage,
    message: InboxMessage,
    row: { email: string; phone: string; notify_email: number; notify_sms: number },
  ): OutgoingMessage[] {
    const always = m.category === 'security';
    const out: OutgoingMessage[] = [];
    const text = `Portal Nasabah: ${message.title}. ${message.body}`;
    const wants = (channel: 'sms' | 'email') =>
      always || (m.channels ? m.channels.includes(channel) : row[`notify_${channel}`] === 1);
    if (wants('sms')) out.push({ channel: 'sms', to: row.phone, subject: message.title, body: text, code: null });
    if (wants('email'))
      out.push({
        channel: 'email',
        to: row.email,
        subject: message.title,
        body: text,
        code: null,
        ...(m.attachment ? { attachment: m.attachment } : {}),
      });
    return out;
  }

  private async unread(db: Kysely<Database>, accountId: string): Promise<number> {
    const row = await db
      .selectFrom('inbox_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
