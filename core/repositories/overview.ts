import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';
import { countClicks, totalCreditedOrders, type ClickCounts, type OrderTotals } from '../rollups/rollup-reads';

const DAY_MS = 24 * 60 * 60 * 1000;
const TOP_CREATORS = 5;

/** Credited revenue of one currency, in major units: gross, what refunds took back, and what is left. */
export type MoneyTotals = { currency: string; gross: number; refunded: number; net: number };
export type OverviewDay = { day: string; clicks: number; uniqueClicks: number; creditedOrders: number; revenue: MoneyTotals[] };
export type OverviewCreator = { creatorId: string; name: string; creditedOrders: number; revenue: MoneyTotals[] };
export type Overview = {
  clicks: number;
  uniqueClicks: number;
  creditedOrders: number;
  revenue: MoneyTotals[];
  days: OverviewDay[];
  topCreators: OverviewCreator[];
};

type MoneyRow = OrderTotals;

function moneyTotals(rows: MoneyRow[]): MoneyTotals[] {
  const byCurrency = new Map<string, { gross: number; refunded: number }>();
  for (const r of rows) {
    const currency = r.currency.trim();
    const sum = byCurrency.get(currency) ?? { gross: 0, refunded: 0 };
    sum.gross += Number(r.gross);
    sum.refunded += Number(r.refunded);
    byCurrency.set(currency, sum);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, m]) => ({
      currency,
      gross: fromMinorUnits(m.gross, currency),
      refunded: fromMinorUnits(m.refunded, currency),
      net: fromMinorUnits(m.gross - m.refunded, currency),
    }));
}

const countOrders = (rows: MoneyRow[]) => rows.reduce((n, r) => n + Number(r.orders), 0);

/** Every UTC day that [from, to) touches, oldest first. */
function daysOf(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let at = Date.parse(from.toISOString().slice(0, 10)); at < to.getTime(); at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/**
 * The landing page's figures over [from, to): clicks and unique clicks by click time; credited
 * orders and their gross, refunded (`orders.refunded_minor`, the refunds applied) and net revenue
 * per currency by processing time of the order; per UTC day and for the top creators. Whole days
 * come from the daily rollups, the partial first and last days from the facts
 * (core/rollups/rollup-reads.ts).
 */
export async function workspaceOverview(db: Db, input: { workspaceId: WorkspaceId; from: Date; to: Date }): Promise<Overview> {
  const [clicksByDay, ordersByDay, byCreator]: [ClickCounts[], OrderTotals[], OrderTotals[]] = await Promise.all([
    countClicks(db, input, 'day'),
    totalCreditedOrders(db, input, 'day'),
    totalCreditedOrders(db, input, 'creator'),
  ]);
  const clicksOf = new Map(clicksByDay.map((c) => [c.key, c]));
  const ordersOf = new Map<string | null, OrderTotals[]>();
  for (const r of ordersByDay) ordersOf.set(r.key, [...(ordersOf.get(r.key) ?? []), r]);

  const days = daysOf(input.from, input.to).map((day) => {
    const orders = ordersOf.get(day) ?? [];
    const clicks = clicksOf.get(day);
    return {
      day,
      clicks: Number(clicks?.clicks ?? 0),
      uniqueClicks: Number(clicks?.unique_clicks ?? 0),
      creditedOrders: countOrders(orders),
      revenue: moneyTotals(orders),
    };
  });
  return {
    clicks: days.reduce((n, d) => n + d.clicks, 0),
    uniqueClicks: days.reduce((n, d) => n + d.uniqueClicks, 0),
    creditedOrders: countOrders(ordersByDay),
    revenue: moneyTotals(ordersByDay),
    days,
    topCreators: await topCreators(db, input.workspaceId, byCreator),
  };
}

async function topCreators(db: Db, workspaceId: WorkspaceId, rows: MoneyRow[]): Promise<OverviewCreator[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.key === null ? [] : [r.key])))];
  const names: { id: string; name: string }[] = ids.length
    ? await db('creators').where({ workspace_id: workspaceId }).whereIn('id', ids).select('id', 'name')
    : [];
  return names
    .map((c) => {
      const own = rows.filter((r) => r.key === c.id);
      return { creatorId: c.id, name: c.name, creditedOrders: countOrders(own), revenue: moneyTotals(own) };
    })
    .sort((a, b) => b.creditedOrders - a.creditedOrders || a.name.localeCompare(b.name) || a.creatorId.localeCompare(b.creatorId))
    .slice(0, TOP_CREATORS);
}
