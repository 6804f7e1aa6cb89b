import type { Knex } from 'knex';
import type { Db } from '../db';
import { decideRefundsInOrder } from '../domain/refund-decision';
import type { RefundReason } from '../domain/rules';
import { newId } from '../domain/ids';
import { fromMinorUnits, toMinorUnits } from '../domain/money';
import type { RefundJob } from '../queues';

type KeptRefund = { id: string; order_id: string; value_minor: string; currency: string };

/** The same refund id again is the same refund only if it names the same order, value and currency. */
function isSameRefund(kept: KeptRefund, refund: RefundJob): boolean {
  const currency = refund.currency.toUpperCase();
  return kept.order_id === refund.orderId && kept.currency.trim() === currency && Number(kept.value_minor) === toMinorUnits(refund.value, currency);
}

const keptRefund = (db: Db | Knex.Transaction, integrationId: string, refundId: string): Promise<KeptRefund | undefined> =>
  db('order_refunds').where({ integration_id: integrationId, refund_id: refundId }).first('id', 'order_id', 'value_minor', 'currency');

/**
 * The refund kept under this (integration, refund id) is another one (another order, value or
 * currency): an idempotency conflict, answered 409 `idempotency_conflict` before anything is
 * queued. False when none is kept yet or it is the same refund (sent again: still accepted).
 */
export async function isRefundIdTaken(db: Db | Knex.Transaction, refund: RefundJob): Promise<boolean> {
  const kept = await keptRefund(db, refund.integrationId, refund.refundId);
  return kept !== undefined && !isSameRefund(kept, refund);
}

/**
 * Keeps a refund as it was received, before its order's workflow applies it. Idempotent on
 * (integration, refund id): the same refund sent again is the same row, and `created` says
 * whether this call stored it; `conflict` says the id is kept for another refund (another order,
 * value or currency), which is then not this one and must not be applied as if it were. The
 * order's workflow is what applies it (see workflows/activities/apply-refund.ts).
 */
export async function storeRefund(db: Db | Knex.Transaction, refund: RefundJob): Promise<{ id: string; created: boolean; conflict: boolean }> {
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
  if (inserted[0]) return { id: inserted[0].id, created: true, conflict: false };
  const kept = (await keptRefund(db, refund.integrationId, refund.refundId))!;
  return { id: kept.id, created: false, conflict: !isSameRefund(kept, refund) };
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
  const { decisions, refundedMinor } = decideRefundsInOrder(
    { valueMinor: Number(order.value_minor), refundedMinor: Number(order.refunded_minor), currency: order.currency.trim() },
    waiting.map((r) => ({ valueMinor: Number(r.value_minor), currency: r.currency.trim() })),
  );
  const applied: AppliedRefund[] = [];
  let runningMinor = Number(order.refunded_minor);
  for (const [i, refund] of waiting.entries()) {
    const decision = decisions[i]!;
    runningMinor += decision.appliedMinor;
    await trx('order_refunds')
      .where({ id: refund.id })
      .update({ applied: decision.applied, applied_minor: decision.appliedMinor, reason: decision.reason, processed_at: trx.fn.now() });
    applied.push({ id: refund.id, refundId: refund.refund_id, orderRowId: order.id, ...decision, refundedMinor: runningMinor });
  }
  await trx('orders').where({ id: order.id }).update({ refunded_minor: refundedMinor });
  return applied;
}

/** A refund decided again because its order's value or currency changed: how much of it applies now, and how much did before. */
export type RedecidedRefund = Omit<AppliedRefund, 'refundedMinor'> & { previousAppliedMinor: number };

/**
 * An order's value or currency changed (a server report is the truth about both): every refund
 * already processed is decided again, in arrival order, against the new value and currency, so the
 * refunds add up to at most the value and are all in the order's currency (one refused as
 * `currency_mismatch` may now apply, one applied may now be `currency_mismatch` or
 * `exceeds_order_value`). The order row must be locked by the caller. Returns the order's new
 * refunded total and the refunds whose applied amount changed.
 */
export async function redecideRefunds(
  trx: Knex.Transaction,
  order: { id: string; integrationId: string; orderId: string; valueMinor: number; currency: string },
): Promise<{ refundedMinor: number; changed: RedecidedRefund[] }> {
  const processed: { id: string; refund_id: string; value_minor: string; currency: string; applied_minor: string; reason: string | null }[] = await trx(
    'order_refunds',
  )
    .where({ integration_id: order.integrationId, order_id: order.orderId })
    .whereNotNull('processed_at')
    .orderBy([{ column: 'received_at' }, { column: 'id' }])
    .forUpdate()
    .select('id', 'refund_id', 'value_minor', 'currency', 'applied_minor', 'reason');
  const { decisions, refundedMinor } = decideRefundsInOrder(
    { valueMinor: order.valueMinor, refundedMinor: 0, currency: order.currency },
    processed.map((r) => ({ valueMinor: Number(r.value_minor), currency: r.currency.trim() })),
  );
  const changed: RedecidedRefund[] = [];
  for (const [i, refund] of processed.entries()) {
    const decision = decisions[i]!;
    const previousAppliedMinor = Number(refund.applied_minor);
    if (decision.appliedMinor === previousAppliedMinor && decision.reason === refund.reason) continue;
    await trx('order_refunds').where({ id: refund.id }).update({ applied: decision.applied, applied_minor: decision.appliedMinor, reason: decision.reason });
    changed.push({ id: refund.id, refundId: refund.refund_id, orderRowId: order.id, ...decision, previousAppliedMinor });
  }
  await trx('orders').where({ id: order.id }).update({ refunded_minor: refundedMinor });
  return { refundedMinor, changed };
}

/**
 * Refunds stored but never handed to their order's workflow (the consumer or the admin API lost
 * Temporal between the two), received before `receivedBefore`. Refunds waiting for their order
 * (`awaiting_order`) did reach it and are applied when the order is recorded.
 */
export async function findStuckRefundsAcrossWorkspaces(
  db: Db,
  input: { receivedBefore: Date; afterId?: string; limit: number },
): Promise<(RefundJob & { rowId: string })[]> {
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
