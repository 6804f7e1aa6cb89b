import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';
import type { OrderAnswer } from '../domain/order-views';
import type { OrderOutcome } from '../domain/rules';
import { sourceOf, type OrderJob, type ReportSource } from '../queues';
import { orderWorkflowId } from '../temporal';
import { countClicks, totalCreditedOrders } from '../rollups/rollup-reads';
import { orderAnswerOf } from './order-row';

export type OrderReport = {
  reportId: string;
  integrationId: string;
  source: ReportSource;
  orderId: string;
  origin: string | null;
  payload: unknown;
  receivedAt: Date;
  workflowId: string;
};

export type { OrderDecision } from '../domain/order-decision';

/** A queued report as the log keeps it: the whole job as its payload, and the workflow it goes to. */
export function orderReportOf(job: OrderJob): OrderReport {
  return {
    reportId: job.reportId,
    integrationId: job.integrationId,
    source: sourceOf(job),
    orderId: job.order.orderId,
    origin: job.origin,
    payload: job,
    receivedAt: new Date(job.receivedAt),
    workflowId: orderWorkflowId(job.integrationId, job.order.orderId),
  };
}

/** Append-only log of every order beacon that left ingest; idempotent on the report id. */
export async function recordOrderReport(db: Db, report: OrderReport): Promise<void> {
  await recordOrderReports(db, [report]);
}

/** Appends reports in one statement; a report already stored (a retried queue job) is left as it is. */
export async function recordOrderReports(db: Db, reports: OrderReport[]): Promise<void> {
  if (reports.length === 0) return;
  await db('order_reports')
    .insert(
      reports.map((report) => ({
        id: report.reportId,
        integration_id: report.integrationId,
        source: report.source,
        order_id: report.orderId,
        origin: report.origin,
        payload: JSON.stringify(report.payload),
        received_at: report.receivedAt,
        workflow_id: report.workflowId,
      })),
    )
    .onConflict('id')
    .ignore();
}

/** Of these report ids, the ones whose outcome is already recorded (used when a queue job is retried). */
export async function findProcessedReportIds(db: Db, reportIds: string[]): Promise<Set<string>> {
  if (reportIds.length === 0) return new Set();
  const rows = await db('order_reports').whereIn('id', reportIds).whereNotNull('outcome').select<{ id: string }[]>('id');
  return new Set(rows.map((r) => r.id));
}

/**
 * Records a report's outcome, once. Returns the outcome another attempt recorded first (the caller
 * rolls back what it did and answers with that one), or null when this call's outcome stands. A
 * report with no row (one that never went through the queue) has nothing to mark: null too.
 */
export async function markReportProcessed(db: Db, reportId: string, outcome: OrderOutcome, reason: string | null): Promise<OrderOutcome | null> {
  const updated = await db('order_reports').where({ id: reportId }).whereNull('outcome').update({ outcome, reason, processed_at: db.fn.now() });
  if (updated > 0) return null;
  const row: { outcome: OrderOutcome | null } | undefined = await db('order_reports').where({ id: reportId }).first('outcome');
  return row?.outcome ?? null;
}

/** An order as the orders list shows it (see core/domain/order-views.ts). */
export type OrderView = OrderAnswer;

export type OrderFilter = {
  workspaceId: WorkspaceId;
  integrationId?: string;
  status?: string;
  creatorId?: string;
  /** processedAt within [from, to). */
  from?: Date;
  to?: Date;
  limit: number;
  /** Keyset: orders after this one, newest first. */
  after?: OrderCursor;
};

/** Where a page ended: the last order's processed_at (as PostgreSQL text, microseconds kept) and id. */
export type OrderCursor = { processedAt: string; id: string };

export async function listOrders(db: Db, filter: OrderFilter): Promise<{ orders: OrderView[]; next: OrderCursor | null }> {
  const query = db('orders')
    .where({ workspace_id: filter.workspaceId })
    .orderBy([
      { column: 'processed_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(filter.limit + 1)
    .select('*', db.raw('processed_at::text as processed_at_text'));
  if (filter.integrationId) query.andWhere({ integration_id: filter.integrationId });
  if (filter.status) query.andWhere({ status: filter.status });
  if (filter.creatorId) query.andWhere({ creator_id: filter.creatorId });
  if (filter.from) query.andWhere('processed_at', '>=', filter.from);
  if (filter.to) query.andWhere('processed_at', '<', filter.to);
  if (filter.after) query.andWhere(db.raw('(processed_at, id) < (?::timestamptz, ?)', [filter.after.processedAt, filter.after.id]));
  const rows = await query;
  const last = rows.length > filter.limit ? rows[filter.limit - 1] : undefined;
  const orders = rows.slice(0, filter.limit).map(orderAnswerOf);
  return { orders, next: last ? { processedAt: last.processed_at_text, id: last.id } : null };
}

export type CreatorReportRow = {
  creatorId: string;
  name: string;
  clicks: number;
  uniqueClicks: number;
  orders: number;
  /** Gross: the value of credited orders, per currency. */
  revenue: Record<string, number>;
  /** Refunds applied to those orders, per currency. */
  refunded: Record<string, number>;
  netRevenue: Record<string, number>;
  /** Credited orders per unique click; null when there were no unique clicks. */
  conversionRate: number | null;
};

/** A report without `from` starts at the first fact, without `to` ends after the last: both on a UTC midnight, so only rollups are read. */
const ALL_TIME = { from: new Date(0), to: new Date('9999-01-01T00:00:00Z') };

/** Major units per currency, from a JSON object of minor units per currency. */
function perCurrency(minor: Record<string, number>, adjust: (currency: string, minor: number) => number = (_c, m) => m): Record<string, number> {
  return Object.fromEntries(Object.entries(minor).map(([c, m]) => [c.trim(), fromMinorUnits(adjust(c, Number(m)), c.trim())]));
}

type CreatorReportSqlRow = {
  id: string;
  name: string;
  clicks: string;
  unique_clicks: string;
  orders: string;
  gross: Record<string, number>;
  refunded: Record<string, number>;
};

/**
 * Per creator over [from, to), in one statement: clicks by click time, credited orders and revenue
 * by processing time, read from the daily rollups (core/rollups/rollup-reads.ts) and joined to the
 * workspace's creators in SQL.
 */
export async function reportByCreator(db: Db, workspaceId: WorkspaceId, range: { from?: Date; to?: Date } = {}): Promise<CreatorReportRow[]> {
  const scope = { workspaceId, from: range.from ?? ALL_TIME.from, to: range.to ?? ALL_TIME.to };
  const revenue = db
    .from(totalCreditedOrders(db, scope, 'creator').as('o'))
    .whereNotNull('o.key')
    .groupBy('o.key')
    .select(
      'o.key',
      db.raw('sum(o.orders) as orders'),
      db.raw('jsonb_object_agg(o.currency, o.gross) as gross'),
      db.raw('jsonb_object_agg(o.currency, o.refunded) as refunded'),
    );
  const rows: CreatorReportSqlRow[] = await db('creators as c')
    .where('c.workspace_id', workspaceId)
    .leftJoin(countClicks(db, scope, 'creator').as('k'), 'k.key', 'c.id')
    .leftJoin(revenue.as('r'), 'r.key', 'c.id')
    .orderBy(['c.created_at', 'c.id'])
    .select(
      'c.id',
      'c.name',
      db.raw('coalesce(k.clicks, 0) as clicks'),
      db.raw('coalesce(k.unique_clicks, 0) as unique_clicks'),
      db.raw('coalesce(r.orders, 0) as orders'),
      db.raw(`coalesce(r.gross, '{}') as gross`),
      db.raw(`coalesce(r.refunded, '{}') as refunded`),
    );
  return rows.map((r) => {
    const clicks = Number(r.clicks);
    const orders = Number(r.orders);
    const uniqueClicks = Number(r.unique_clicks);
    return {
      creatorId: r.id,
      name: r.name,
      clicks,
      uniqueClicks,
      orders,
      revenue: perCurrency(r.gross),
      refunded: perCurrency(r.refunded),
      netRevenue: perCurrency(r.gross, (c, minor) => minor - Number(r.refunded[c] ?? 0)),
      conversionRate: uniqueClicks === 0 ? null : orders / uniqueClicks,
    };
  });
}
