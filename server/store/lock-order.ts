import { sql, type Kysely } from 'kysely';
import type { StoreKind } from './connect';
import type { Database } from './schema';

/**
 * The one order in which a transaction locks rows (ARCHITECTURE.md, Transactions and side
 * effects): two transactions that lock in the same order wait for each other, never deadlock.
 *
 *   account → policy → bill → payment → claim → request → consultation → complaint → doctor
 *
 * A transaction that will write rows of several of these kinds takes their locks first,
 * through `lockInOrder`, before its conditional update; then whatever it writes afterwards
 * (the events of an account, a doctor's events) is already its own. Nothing locks a set of
 * rows of one kind in a loop: an event for "every doctor" is a signal, not a row per doctor.
 */
export const LOCK_ORDER = [
  ['account', 'accounts', 'id'],
  ['policy', 'policies', 'policy_number'],
  ['bill', 'bills', 'id'],
  ['payment', 'payments', 'id'],
  ['claim', 'claims', 'id'],
  ['request', 'requests', 'id'],
  ['consultation', 'consultations', 'id'],
  ['complaint', 'complaints', 'id'],
  ['doctor', 'doctors', 'id'],
] as const;

export type Lockable = (typeof LOCK_ORDER)[number][0];

/** The rows each open transaction has locked already (so a second lock of one is not sent again). */
const held = new WeakMap<object, Set<string>>();

/** Whether this transaction holds that row's lock already (taken through `lockInOrder`). */
export function holdsLock(trx: Kysely<Database>, name: Lockable, id: string): boolean {
  return held.get(trx)?.has(`${name}:${id}`) ?? false;
}

/** Notes a lock a statement of the transaction took by itself (an update of the row, a `for update`). */
export function heldLock(trx: Kysely<Database>, name: Lockable, id: string): void {
  const mine = held.get(trx) ?? new Set<string>();
  mine.add(`${name}:${id}`);
  held.set(trx, mine);
}

/**
 * Locks these rows (at most one of each kind) in the documented order. On PostgreSQL a row
 * lock that lets foreign keys be checked meanwhile (`for no key update`); SQLite writes one
 * transaction at a time, so there is nothing to order.
 */
export async function lockInOrder(
  trx: Kysely<Database>,
  kind: StoreKind,
  rows: Partial<Record<Lockable, string | null | undefined>>,
): Promise<void> {
  if (kind !== 'postgres') return;
  for (const [name, table, key] of LOCK_ORDER) {
    const id = rows[name];
    if (!id || holdsLock(trx, name, id)) continue;
    await sql`select 1 from ${sql.table(table)} where ${sql.ref(key)} = ${id} for no key update`.execute(trx);
    heldLock(trx, name, id);
  }
}
