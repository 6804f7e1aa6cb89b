import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { listOrders, reportByCreator, type CreatorReportRow, type OrderCursor } from '../../core/repositories/orders';
import type { AdminContext, AdminState } from '../auth';
import { toCsv } from '../csv';
import { isCalendarInstant } from '../date-range';
import { commissionCsvCells, commissionCsvHeader, withCommissionTotals } from '../commission-report';
import type { CommissionTotals } from '../../core/commissions/list-commissions';
import { parseBody } from '../parse-body';
import { orderFilterQuery } from '../schemas/orders';
import { reportQuery } from '../schemas/reports';

function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify([cursor.processedAt, cursor.id]), 'utf8').toString('base64url');
}

/** PostgreSQL's text of a timestamptz, as encodeCursor wrote it: `2026-12-07 12:52:04.123456+00`. */
const PG_TIMESTAMPTZ = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-]\d{2})(:\d{2})?$/;
const ORDER_ID = /^ord_[0-9a-z]{1,60}$/;

/** Only what encodeCursor can have written reaches the query: a forged one is a 400, never PostgreSQL's cast error. */
function isIssuedCursor(processedAt: unknown, id: unknown): processedAt is string {
  if (typeof processedAt !== 'string' || typeof id !== 'string' || !ORDER_ID.test(id)) return false;
  const parts = PG_TIMESTAMPTZ.exec(processedAt);
  return parts !== null && isCalendarInstant(`${parts[1]}T${parts[2]}${parts[3]}${parts[4] ?? ':00'}`);
}

function decodeCursor(cursor: string): OrderCursor {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [processedAt, id] = decoded as unknown[];
      if (isIssuedCursor(processedAt, id)) return { processedAt, id: id as string };
    }
  } catch {
    // fall through to the 400
  }
  throw new AppError('validation_failed', 'cursor: not a cursor this API gave out', { field: 'cursor' });
}

function wantsCsv(ctx: AdminContext, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return ctx.accepts('application/json', 'text/csv') === 'text/csv';
}

function reportCsv(rows: (CreatorReportRow & CommissionTotals)[]): string {
  const currencies = [...new Set(rows.flatMap((r) => Object.keys(r.revenue)))].sort();
  const commissionColumns = commissionCsvHeader(rows);
  return toCsv(
    [
      'creatorId',
      'name',
      'clicks',
      'uniqueClicks',
      'orders',
      'conversionRate',
      ...currencies.map((c) => `revenue${c}`),
      ...currencies.map((c) => `refunded${c}`),
      ...currencies.map((c) => `netRevenue${c}`),
      ...commissionColumns.header,
    ],
    rows.map((r) => [
      r.creatorId,
      r.name,
      r.clicks,
      r.uniqueClicks,
      r.orders,
      r.conversionRate,
      ...currencies.map((c) => r.revenue[c] ?? 0),
      ...currencies.map((c) => r.refunded[c] ?? 0),
      ...currencies.map((c) => r.netRevenue[c] ?? 0),
      ...commissionCsvCells(r, commissionColumns),
    ]),
  );
}

export function mountOrderAndReportRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/orders', async (ctx) => {
    const { cursor, ...filter } = parseBody(orderFilterQuery, ctx.query);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const page = await listOrders(deps.db, { workspaceId: ctx.state.principal.workspaceId, ...filter, after });
    ctx.body = { data: page.orders, nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.get('/api/v1/reports/creators', async (ctx) => {
    const { format, ...range } = parseBody(reportQuery, ctx.query);
    const rows = await withCommissionTotals(
      deps.db,
      ctx.state.principal.workspaceId,
      range,
      await reportByCreator(deps.db, ctx.state.principal.workspaceId, range),
    );
    if (wantsCsv(ctx, format)) {
      ctx.attachment('creators-report.csv');
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = reportCsv(rows);
      return;
    }
    ctx.body = {
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
      data: rows,
    };
  });
}
