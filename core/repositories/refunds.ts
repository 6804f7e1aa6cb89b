import type { Db } from '../db';
import { newId } from '../domain/ids';
import { toMinorUnits } from '../domain/money';
import type { RefundJob } from '../queues';

/**
 * Keeps a refund as it was received, before its order's workflow applies it. Idempotent on
 * (integration, refund id): the same refund sent again is the same row, and `created` says
 * whether this call stored it. The order's workflow is what applies it (see workflows/activities/apply-refund.ts).
 */
export async function storeRefund(db: Db, refund: RefundJob): Promise<{ id: string; created: boolean }> {
  const inserted: { id: string }[] = await db('order_refunds')
    .insert({
      id: newId('rfd'),
      workspace_id: refund.workspaceId,
      integration_id: refund.integrationId,
      order_id: refund.orderId,
      refund_id: refund.refundId,
      source: refund.source,
      value_minor: toMinorUnits(refund.value, refund.currency),
      currency: refund.currency,
      received_at: new Date(refund.receivedAt),
    })
    .onConflict(['integration_id', 'refund_id'])
    .ignore()
    .returning('id');
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const existing: { id: string } = await db('order_refunds').where({ integration_id: refund.integrationId, refund_id: refund.refundId }).first('id');
  return { id: existing.id, created: false };
}
