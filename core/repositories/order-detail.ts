import pg from 'pg';
import { COMMISSION_COLUMNS, COMMISSION_TIMESTAMP_COLUMNS, commissionView, type CommissionRow, type CommissionView } from '../commissions/commission-view';
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

type RefundRow = {
  refund_id: string;
  source: Refunds[number]['source'];
  value_minor: string | number;
  currency: string;
  received_at: Date;
  applied: boolean | null;
  applied_minor: string | number;
  reason: Refunds[number]['reason'];
};
type FlagRow = { kind: string; integration_id: string; order_id: string; details: Record<string, unknown>; created_at: Date };
type ReportRow = {
  id: string;
  source: Reports[number]['source'];
  payload: unknown;
  received_at: Date;
  outcome: Reports[number]['outcome'];
  reason: string | null;
};

const refundAnswer = (r: RefundRow): Refunds[number] => {
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
};

const flagAnswer = (f: FlagRow): Flags[number] => ({
  kind: f.kind,
  integrationId: f.integration_id,
  orderId: f.order_id,
  details: f.details,
  createdAt: f.created_at.toISOString(),
});

const reportAnswer = (r: ReportRow): Reports[number] => {
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
};

async function refundsOf(db: Db, order: OrderRow): Promise<Refunds> {
  const rows: RefundRow[] = await db('order_refunds').where({ integration_id: order.integration_id, order_id: order.order_id }).orderBy(['received_at', 'id']);
  return rows.map(refundAnswer);
}

async function flagsOf(db: Db, order: OrderRow): Promise<Flags> {
  const rows: FlagRow[] = await db('order_flags').where({ integration_id: order.integration_id, order_id: order.order_id }).orderBy(['created_at', 'id']);
  return rows.map(flagAnswer);
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

/** A timestamptz sent as text inside JSON, made a Date exactly as the driver makes a timestamptz column one. */
const parseTimestamp = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;
const dateOf = (text: string | null): Date | null => (text === null ? null : parseTimestamp(text));

/** A row of a json_agg whose timestamps were sent as text (`::text`): the same row as a plain select gives. */
function withDates<T>(row: Record<string, unknown>, columns: string[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const column of columns) out[column] = dateOf(row[column] as string | null);
  return out as T;
}

/** The columns of COMMISSION_COLUMNS as json_build_object arguments, timestamps as text. */
const COMMISSION_TIMESTAMPS: string[] = COMMISSION_TIMESTAMP_COLUMNS;
const commissionJson = COMMISSION_COLUMNS.map((c) => `'${c}', c.${c}${COMMISSION_TIMESTAMPS.includes(c) ? '::text' : ''}`).join(', ');

/**
 * The order, its refunds, flags, reports and commissions in ONE statement (one round trip): a
 * statement reads one snapshot, so a refund never shows applied while the order's totals do not
 * include it yet (the order's workflow commits both at once). Each part is read through its index:
 * orders by id, the others by (integration_id, order_id) or order_row_id.
 */
const ORDER_PAGE_SQL = `
  select o.*,
    (select coalesce(json_agg(json_build_object('refund_id', r.refund_id, 'source', r.source, 'value_minor', r.value_minor, 'currency', r.currency,
              'received_at', r.received_at::text, 'applied', r.applied, 'applied_minor', r.applied_minor, 'reason', r.reason) order by r.received_at, r.id), '[]')
       from order_refunds r where r.integration_id = o.integration_id and r.order_id = o.order_id) as page_refunds,
    (select coalesce(json_agg(json_build_object('kind', f.kind, 'integration_id', f.integration_id, 'order_id', f.order_id, 'details', f.details,
              'created_at', f.created_at::text) order by f.created_at, f.id), '[]')
       from order_flags f where f.integration_id = o.integration_id and f.order_id = o.order_id) as page_flags,
    (select coalesce(json_agg(json_build_object('id', p.id, 'source', p.source, 'payload', p.payload, 'received_at', p.received_at::text,
              'outcome', p.outcome, 'reason', p.reason) order by p.received_at, p.id), '[]')
       from order_reports p where p.integration_id = o.integration_id and p.order_id = o.order_id) as page_reports,
    (select coalesce(json_agg(json_build_object(${commissionJson}) order by c.created_at desc, c.id desc), '[]')
       from commissions c where c.workspace_id = o.workspace_id and c.order_row_id = o.id) as page_commissions
  from orders o where o.id = ? and o.workspace_id = ?`;

type OrderPageRow = OrderRow & {
  page_refunds: Record<string, unknown>[];
  page_flags: Record<string, unknown>[];
  page_reports: Record<string, unknown>[];
  page_commissions: Record<string, unknown>[];
};

/** GET /api/v1/orders/:id: the order in full with its commissions; null for an id of another workspace, as for one that does not exist. */
export async function findOrderDetail(
  db: Db,
  workspaceId: WorkspaceId,
  orderRowId: string,
): Promise<(OrderDetailAnswer & { commissions: CommissionView[] }) | null> {
  const result = await db.raw(ORDER_PAGE_SQL, [orderRowId, workspaceId]);
  const row: OrderPageRow | undefined = result.rows[0];
  if (!row) return null;
  const { page_refunds, page_flags, page_reports, page_commissions, ...order } = row;
  return {
    ...orderAnswerOf(order),
    refunds: page_refunds.map((r) => refundAnswer(withDates<RefundRow>(r, ['received_at']))),
    flags: page_flags.map((f) => flagAnswer(withDates<FlagRow>(f, ['created_at']))),
    workflowId: orderWorkflowId(order.integration_id, order.order_id),
    reports: page_reports.map((r) => reportAnswer(withDates<ReportRow>(r, ['received_at']))),
    commissions: page_commissions.map((c) => commissionView(withDates<CommissionRow>(c, COMMISSION_TIMESTAMPS))),
  };
}

/** What a refund needs to know of an order of this workspace: whose it is and the store's order id. */
export async function findOrderRef(db: Db, workspaceId: WorkspaceId, orderRowId: string): Promise<{ integrationId: string; orderId: string } | null> {
  const row: { integration_id: string; order_id: string } | undefined = await db('orders')
    .where({ id: orderRowId, workspace_id: workspaceId })
    .first('integration_id', 'order_id');
  return row ? { integrationId: row.integration_id, orderId: row.order_id } : null;
}
