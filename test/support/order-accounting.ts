import type { Queue } from 'bullmq';
import type { Db } from '../../core/db';
import type { OfferResult } from './order-load';
import { isQueueDrained, waitFor } from './wait-for';

/** The figures RELIABILITY.md publishes for one fault: what was offered, what the clients saw, what the database holds. */
export type OrderTally = {
  offered: number;
  /** Answered 202: each of these must end as exactly one credited order. */
  accepted: number;
  /** Everything else the clients saw, by HTTP status or connection error code. */
  failures: Record<string, number>;
  credited: number;
  /** Beacons whose client saw a failure although the job had reached the queue: credited, not lost. */
  creditedDespiteFailure: number;
  /** Extra order rows or reports for one order id, or reports recorded as duplicates (each order is offered once). */
  duplicates: number;
  /** Accepted (202) orders without a credited row. */
  lost: number;
  /** Order rows for order ids this run never offered. */
  unknown: number;
  /** Reports still without an outcome. */
  pendingReports: number;
  /** Credited rows whose value, creator or attribution is not what was offered. */
  wrongCredits: number;
};

export function acceptedOrderIds(results: OfferResult[]): string[] {
  return results.filter((r) => r.status === 202).map((r) => r.orderId);
}

/**
 * Waits until every accepted order has its row, no report of the integration is left without an
 * outcome and (when given) the orders queue holds nothing more to do. Polls PostgreSQL.
 */
export async function waitForOutcomes(db: Db, integrationId: string, accepted: string[], options: { timeoutMs: number; queue?: Queue }): Promise<void> {
  await waitFor(
    async () => {
      const [rows, pending] = await Promise.all([
        db('orders').where({ integration_id: integrationId }).whereIn('order_id', accepted).countDistinct('order_id as n').first(),
        db('order_reports').where({ integration_id: integrationId }).whereNull('outcome').count('* as n').first(),
      ]);
      if (Number(rows?.n) < accepted.length || Number(pending?.n) > 0) return false;
      return !options.queue || isQueueDrained(options.queue);
    },
    `${accepted.length} accepted orders to have an outcome`,
    options.timeoutMs,
  );
}

/** Counts, from PostgreSQL, what became of every offered order. */
export async function tallyOrders(db: Db, store: { integrationId: string; creatorId: string }, results: OfferResult[]): Promise<OrderTally> {
  const rows: { order_id: string; status: string; creator_id: string | null; attributed_by: string | null; value_minor: string }[] = await db('orders')
    .where({ integration_id: store.integrationId })
    .select('order_id', 'status', 'creator_id', 'attributed_by', 'value_minor');
  const reports: { order_id: string; outcome: string | null }[] = await db('order_reports')
    .where({ integration_id: store.integrationId })
    .select('order_id', 'outcome');
  const offered = new Map(results.map((r) => [r.orderId, r]));
  const credited = new Set(rows.filter((r) => r.status === 'credited').map((r) => r.order_id));
  const accepted = acceptedOrderIds(results);
  const failures: Record<string, number> = {};
  for (const r of results.filter((r) => r.status !== 202)) {
    const key = r.errorCode ?? String(r.status);
    failures[key] = (failures[key] ?? 0) + 1;
  }
  const wrongCredits = rows.filter((r) => {
    if (r.status !== 'credited') return false;
    const order = offered.get(r.order_id);
    return !order || r.creator_id !== store.creatorId || r.attributed_by !== 'coupon' || Number(r.value_minor) !== Math.round(order.value * 100);
  }).length;
  return {
    offered: results.length,
    accepted: accepted.length,
    failures,
    credited: accepted.filter((id) => credited.has(id)).length,
    creditedDespiteFailure: results.filter((r) => r.status !== 202 && credited.has(r.orderId)).length,
    duplicates:
      rows.length -
      new Set(rows.map((r) => r.order_id)).size +
      reports.length -
      new Set(reports.map((r) => r.order_id)).size +
      reports.filter((r) => r.outcome === 'duplicate').length,
    lost: accepted.filter((id) => !credited.has(id)).length,
    unknown: rows.filter((r) => !offered.has(r.order_id)).length,
    pendingReports: reports.filter((r) => r.outcome === null).length,
    wrongCredits,
  };
}
