import type { Db } from '../../core/db';
import { newId, randomString } from '../../core/domain/ids';

export type OrderRow = {
  integrationId: string;
  status: 'credited' | 'skipped' | 'pending';
  creatorId?: string;
  minor: number;
  refundedMinor?: number;
  currency: string;
  /** Reported and processed at this time. */
  at: string | Date;
  orderId?: string;
};

/** An order written straight into PostgreSQL at a chosen time, for tests of what the admin API reads back. */
export async function insertOrderRow(db: Db, workspaceId: string, o: OrderRow): Promise<{ id: string; orderId: string }> {
  const id = newId('ord');
  const orderId = o.orderId ?? `o-${randomString(8)}`;
  await db('orders').insert({
    id,
    workspace_id: workspaceId,
    integration_id: o.integrationId,
    order_id: orderId,
    status: o.status,
    reason: { credited: null, skipped: 'unattributable', pending: 'awaiting_confirmation' }[o.status],
    creator_id: o.creatorId ?? null,
    attributed_by: o.status === 'credited' ? 'link' : null,
    value_minor: o.minor,
    refunded_minor: o.refundedMinor ?? 0,
    currency: o.currency,
    reported_at: o.at,
    processed_at: o.at,
  });
  return { id, orderId };
}

/** An order's reports that have an outcome, in the order they were received. */
export async function recordedReports(
  db: Db,
  integrationId: string,
  orderId: string,
): Promise<{ source: 'pixel' | 'server'; outcome: string; reason: string | null }[]> {
  return db('order_reports')
    .where({ integration_id: integrationId, order_id: orderId })
    .whereNotNull('outcome')
    .orderBy('received_at')
    .select('source', 'outcome', 'reason');
}
