import type { Db } from '../db';

/** A pending order whose confirmation deadline has passed: its workflow should have expired it. */
export type OverdueOrder = { integrationId: string; orderId: string; deadline: string; rowId: string };

/** Where the previous batch ended (keyset on the partial index orders_pending_deadline_index). */
export type OverdueCursor = { deadline: string; rowId: string };

/**
 * Pending orders whose confirmation deadline is before `deadlineBefore`, oldest deadline first,
 * after `after`: at most `limit`, read from the partial index of pending orders only.
 */
export async function findOverdueOrders(db: Db, input: { deadlineBefore: Date; after?: OverdueCursor; limit: number }): Promise<OverdueOrder[]> {
  const query = db('orders')
    .where({ status: 'pending' })
    .andWhere('confirmation_deadline', '<', input.deadlineBefore)
    .orderBy([
      { column: 'confirmation_deadline', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .limit(input.limit)
    .select('id', 'integration_id', 'order_id', db.raw('confirmation_deadline::text as deadline'));
  if (input.after) query.andWhere(db.raw('(confirmation_deadline, id) > (?::timestamptz, ?)', [input.after.deadline, input.after.rowId]));
  // The deadline as PostgreSQL's text, microseconds included, so that the cursor is exact.
  const rows: { id: string; integration_id: string; order_id: string; deadline: string }[] = await query;
  return rows.map((r) => ({ rowId: r.id, integrationId: r.integration_id, orderId: r.order_id, deadline: r.deadline }));
}
