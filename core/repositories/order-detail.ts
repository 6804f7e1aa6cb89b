import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';
import type { OrderDetailAnswer, OrderEventAnswer } from '../domain/order-views';
import type { OrderJob } from '../queues';
import { orderWorkflowId } from '../temporal';
import { orderAnswerOf, type OrderRow } from './order-row';

/**
 * One order in full: GET /api/v1/orders/:id, and (less its reports) the `data` of order webhook
 * events. `db` may be a transaction, so an event can be written with the change it announces.
 */

type Refunds = OrderEventAnswer['refunds'];
type Flags = OrderEventAnswer['flags'];
type Reports = OrderDetailAnswer['reports'];

async function refundsOf(db: Db, order: OrderRow): Promise<Refunds> {
  const rows = await db('order_refunds').where({ integration_id: order.integration_id, order_id: order.order_id }).orderBy(['received_at', 'id']);
  return rows.map((r) => {
    const currency = String(r.currency).trim();
    return {
      refundId: r.refund_id,
      source: r.source,
      value: fromMinorUnits(Number(r.value_minor), currency),
      currency,
      receivedAt: r.received_at.toISOString(),
      applied: r.applied,
      appliedValue: fromMinorUnits(Number(r.applied_minor), currency),
      reason: r.reason,
    };
  });
}

async function flagsOf(db: Db, order: OrderRow): Promise<Flags> {
  const rows = await db('order_flags').where({ integration_id: order.integration_id, order_id: order.order_id }).orderBy(['created_at', 'id']);
  return rows.map((f) => ({ kind: f.kind, integrationId: f.integration_id, orderId: f.order_id, details: f.details, createdAt: f.created_at.toISOString() }));
}

async function reportsOf(db: Db, order: OrderRow): Promise<Reports> {
  const rows = await db('order_reports').where({ integration_id: order.integration_id, order_id: order.order_id }).orderBy(['received_at', 'id']);
  return rows.map((r) => {
    const reported = (r.payload as Partial<OrderJob>).order;
    return {
      reportId: r.id,
      source: r.source,
      receivedAt: r.received_at.toISOString(),
      value: reported?.value ?? 0,
      currency: reported?.currency ?? '',
      outcome: r.outcome,
      reason: r.reason,
    };
  });
}

async function eventDataOf(db: Db, order: OrderRow): Promise<OrderEventAnswer> {
  const [refunds, flags] = await Promise.all([refundsOf(db, order), flagsOf(db, order)]);
  return { ...orderAnswerOf(order), refunds, flags, workflowId: orderWorkflowId(order.integration_id, order.order_id) };
}

/** The order as webhook events carry it (GET /api/v1/orders/:id less reports), by its row id (ord_…). */
export async function orderEventData(db: Db, orderRowId: string): Promise<OrderEventAnswer | null> {
  const order: OrderRow | undefined = await db('orders').where({ id: orderRowId }).first();
  return order ? eventDataOf(db, order) : null;
}

/**
 * GET /api/v1/orders/:id: null for an id of another workspace, as for one that does not exist.
 * Read from one snapshot (REPEATABLE READ), so a refund never shows applied while the order's
 * totals do not include it yet (the order's workflow commits both at once).
 */
export async function findOrderDetail(db: Db, workspaceId: WorkspaceId, orderRowId: string): Promise<OrderDetailAnswer | null> {
  return db.transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read read only');
    const order: OrderRow | undefined = await trx('orders').where({ id: orderRowId, workspace_id: workspaceId }).first();
    if (!order) return null;
    const data = await eventDataOf(trx, order);
    const reports = await reportsOf(trx, order);
    return { ...data, reports };
  });
}

/** What a refund needs to know of an order of this workspace: whose it is and the store's order id. */
export async function findOrderRef(db: Db, workspaceId: WorkspaceId, orderRowId: string): Promise<{ integrationId: string; orderId: string } | null> {
  const row: { integration_id: string; order_id: string } | undefined = await db('orders')
    .where({ id: orderRowId, workspace_id: workspaceId })
    .first('integration_id', 'order_id');
  return row ? { integrationId: row.integration_id, orderId: row.order_id } : null;
}
