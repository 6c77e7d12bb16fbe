import type { Kysely, Selectable } from 'kysely';
import type { Alert, AlertKind, AlertList, AlertListQuery } from '../../contract/api/alerts';
import type { BackOfficeAlertsTable, Database } from '../store/schema';
import { iso, type Clock } from './clock';
import { ServiceError } from './errors';
import { newId } from './identity/secrets';
import { newestFirst, pageOf } from './paging';

type Row = Selectable<BackOfficeAlertsTable>;

export interface NewAlert {
  /** Once-only: an alert whose key was raised before is not raised again. */
  key: string;
  kind: AlertKind;
  message: string;
  /** Ids and numbers, never a person's data beyond them. */
  details: Record<string, unknown>;
}

/** What the back office must look at: raised once per key, listed, acknowledged by a key's name. */
export class BackOfficeAlerts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Told of each alert raised (the log: operators see alerts where they watch). */
    private readonly onRaised: (a: NewAlert) => void = () => undefined,
  ) {}

  /** In the caller's transaction; answers whether it was raised now (false: its key was raised before). */
  async raise(trx: Kysely<Database>, a: NewAlert, now: number): Promise<boolean> {
    const r = await trx
      .insertInto('back_office_alerts')
      .values({
        id: newId(),
        key: a.key,
        kind: a.kind,
        message: a.message,
        details: JSON.stringify(a.details),
        created_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    const raised = Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    if (raised) this.onRaised(a);
    return raised;
  }

  async list(q: AlertListQuery): Promise<AlertList> {
    let query = this.db.selectFrom('back_office_alerts').selectAll();
    if (q.open === 'true') query = query.where('acknowledged_at', 'is', null);
    if (q.open === 'false') query = query.where('acknowledged_at', 'is not', null);
    if (q.kind) query = query.where('kind', '=', q.kind);
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    return { alerts: page.map(present), ...(nextCursor ? { nextCursor } : {}) };
  }

  /** Acknowledged once, by the first key that does: a second acknowledgement changes nothing. */
  async acknowledge(alertId: string, by: string): Promise<Alert> {
    await this.db
      .updateTable('back_office_alerts')
      .set({ acknowledged_at: this.clock.now(), acknowledged_by: by })
      .where('id', '=', alertId)
      .where('acknowledged_at', 'is', null)
      .execute();
    const row = await this.db.selectFrom('back_office_alerts').selectAll().where('id', '=', alertId).executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such alert.');
    return present(row);
  }
}

function present(r: Row): Alert {
  return {
    alertId: r.id,
    kind: r.kind as AlertKind,
    message: r.message,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: iso(r.created_at),
    ...(r.acknowledged_at !== null ? { acknowledgedAt: iso(r.acknowledged_at) } : {}),
    ...(r.acknowledged_by !== null ? { acknowledgedBy: r.acknowledged_by } : {}),
  };
}
