import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';
import type { OrderAnswer } from '../domain/order-views';
import type { OrderOutcome } from '../domain/rules';
import { sourceOf, type OrderJob, type ReportSource } from '../queues';
import { orderWorkflowId } from '../temporal';
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
  workspaceId: string;
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
  /** Clicks that were their visitor's first on the link in the UTC day. */
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

type CurrencyTotals = { currency: string };

/** Major units per currency, from minor units of each currency's row. */
function perCurrency<R extends CurrencyTotals>(rows: R[], minorOf: (row: R) => number): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.currency.trim(), fromMinorUnits(minorOf(r), r.currency.trim())]));
}

/** Per creator over [from, to): clicks and unique clicks by click time, credited orders and revenue by processing time. */
export async function reportByCreator(db: Db, workspaceId: string, range: { from?: Date; to?: Date } = {}): Promise<CreatorReportRow[]> {
  const creators: { id: string; name: string }[] = await db('creators').where({ workspace_id: workspaceId }).orderBy(['created_at', 'id']).select('id', 'name');
  const clickQuery = db('clicks as c')
    .join('links as l', 'l.id', 'c.link_id')
    .where('c.workspace_id', workspaceId)
    .groupBy('l.creator_id')
    .select('l.creator_id', db.raw('count(*) as clicks'), db.raw('count(*) filter (where c.is_unique) as unique_clicks'));
  if (range.from) clickQuery.andWhere('c.clicked_at', '>=', range.from);
  if (range.to) clickQuery.andWhere('c.clicked_at', '<', range.to);
  const revenueQuery = db('orders')
    .where({ workspace_id: workspaceId, status: 'credited' })
    .groupBy('creator_id', 'currency')
    .select('creator_id', 'currency', db.raw('count(*) as orders'), db.raw('sum(value_minor) as minor'), db.raw('sum(refunded_minor) as refunded_minor'));
  if (range.from) revenueQuery.andWhere('processed_at', '>=', range.from);
  if (range.to) revenueQuery.andWhere('processed_at', '<', range.to);
  const [clicks, revenue]: [
    { creator_id: string; clicks: string; unique_clicks: string }[],
    { creator_id: string; currency: string; orders: string; minor: string; refunded_minor: string }[],
  ] = await Promise.all([clickQuery, revenueQuery]);
  return creators.map((c) => {
    const own = revenue.filter((r) => r.creator_id === c.id);
    const clickCounts = clicks.find((k) => k.creator_id === c.id);
    const uniqueClicks = Number(clickCounts?.unique_clicks ?? 0);
    const orders = own.reduce((sum, r) => sum + Number(r.orders), 0);
    return {
      creatorId: c.id,
      name: c.name,
      clicks: Number(clickCounts?.clicks ?? 0),
      uniqueClicks,
      orders,
      revenue: perCurrency(own, (r) => Number(r.minor)),
      refunded: perCurrency(own, (r) => Number(r.refunded_minor)),
      netRevenue: perCurrency(own, (r) => Number(r.minor) - Number(r.refunded_minor)),
      conversionRate: uniqueClicks === 0 ? null : orders / uniqueClicks,
    };
  });
}
