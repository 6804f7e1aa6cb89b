import type { Knex } from 'knex';
import type { Db } from '../db';
import { decideRefund } from '../domain/refund-decision';
import type { RefundReason } from '../domain/rules';
import { newId } from '../domain/ids';
import { fromMinorUnits, toMinorUnits } from '../domain/money';
import type { RefundJob } from '../queues';

/**
 * Keeps a refund as it was received, before its order's workflow applies it. Idempotent on
 * (integration, refund id): the same refund sent again is the same row, and `created` says
 * whether this call stored it. The order's workflow is what applies it (see workflows/activities/apply-refund.ts).
 */
export async function storeRefund(db: Db | Knex.Transaction, refund: RefundJob): Promise<{ id: string; created: boolean }> {
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

/** A refund the order's workflow processed: how much of it applied, and the order's totals after it. */
export type AppliedRefund = {
  id: string;
  refundId: string;
  orderRowId: string;
  appliedMinor: number;
  applied: boolean;
  reason: RefundReason | null;
  refundedMinor: number;
};

/**
 * Applies, in arrival order, the refunds of an order not yet processed, when its row exists (else
 * they wait, marked `awaiting_order`, and are applied when the order is recorded). Both rows are
 * locked, so a refund is applied once however often it is delivered.
 */
export async function applyWaitingRefunds(trx: Knex.Transaction, integrationId: string, orderId: string): Promise<AppliedRefund[]> {
  const waiting: { id: string; refund_id: string; value_minor: string; currency: string }[] = await trx('order_refunds')
    .where({ integration_id: integrationId, order_id: orderId })
    .whereNull('processed_at')
    .orderBy([{ column: 'received_at' }, { column: 'id' }])
    .forUpdate()
    .select('id', 'refund_id', 'value_minor', 'currency');
  if (waiting.length === 0) return [];
  const order: { id: string; value_minor: string; refunded_minor: string; currency: string } | undefined = await trx('orders')
    .where({ integration_id: integrationId, order_id: orderId })
    .forUpdate()
    .first('id', 'value_minor', 'refunded_minor', 'currency');
  if (!order) {
    await trx('order_refunds')
      .whereIn(
        'id',
        waiting.map((r) => r.id),
      )
      .update({ reason: 'awaiting_order' });
    return [];
  }
  const applied: AppliedRefund[] = [];
  let refundedMinor = Number(order.refunded_minor);
  for (const refund of waiting) {
    const decision = decideRefund(
      { valueMinor: Number(order.value_minor), refundedMinor, currency: order.currency.trim() },
      { valueMinor: Number(refund.value_minor), currency: refund.currency.trim() },
    );
    refundedMinor += decision.appliedMinor;
    await trx('order_refunds')
      .where({ id: refund.id })
      .update({ applied: decision.applied, applied_minor: decision.appliedMinor, reason: decision.reason, processed_at: trx.fn.now() });
    applied.push({ id: refund.id, refundId: refund.refund_id, orderRowId: order.id, ...decision, refundedMinor });
  }
  await trx('orders').where({ id: order.id }).update({ refunded_minor: refundedMinor });
  return applied;
}

/**
 * Refunds stored but never handed to their order's workflow (the consumer or the admin API lost
 * Temporal between the two), received before `receivedBefore`. Refunds waiting for their order
 * (`awaiting_order`) did reach it and are applied when the order is recorded.
 */
export async function findStuckRefunds(db: Db, input: { receivedBefore: Date; afterId?: string; limit: number }): Promise<(RefundJob & { rowId: string })[]> {
  const query = db('order_refunds')
    .whereNull('processed_at')
    .whereNull('reason')
    .andWhere('received_at', '<', input.receivedBefore)
    .orderBy('id')
    .limit(input.limit)
    .select('id', 'workspace_id', 'integration_id', 'order_id', 'refund_id', 'value_minor', 'currency', 'source', 'received_at');
  if (input.afterId) query.andWhere('id', '>', input.afterId);
  const rows = await query;
  return rows.map((r) => ({
    rowId: r.id,
    workspaceId: r.workspace_id,
    integrationId: r.integration_id,
    orderId: r.order_id,
    refundId: r.refund_id,
    value: fromMinorUnits(Number(r.value_minor), r.currency.trim()),
    currency: r.currency.trim(),
    source: r.source,
    receivedAt: r.received_at.toISOString(),
  }));
}
