import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';

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

type MoneyRow = { currency: string; orders: string; gross: string; refunded: string };

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
 * The landing page's figures over [from, to): clicks and unique clicks by click time; credited orders and their
 * gross, refunded (`orders.refunded_minor`, the refunds applied) and net revenue per currency by
 * processing time of the order; per UTC day and for the top creators.
 */
export async function workspaceOverview(db: Db, input: { workspaceId: string; from: Date; to: Date }): Promise<Overview> {
  const dayOf = (column: string) => db.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD') as day`);
  const credited = () =>
    db('orders')
      .where({ workspace_id: input.workspaceId, status: 'credited' })
      .andWhere('processed_at', '>=', input.from)
      .andWhere('processed_at', '<', input.to);
  const money = [db.raw('count(*) as orders'), db.raw('sum(value_minor) as gross'), db.raw('sum(refunded_minor) as refunded')];

  const [clicksByDay, ordersByDay, byCreator]: [
    { day: string; clicks: string; unique_clicks: string }[],
    (MoneyRow & { day: string })[],
    (MoneyRow & { creator_id: string })[],
  ] = await Promise.all([
    db('clicks')
      .where({ workspace_id: input.workspaceId })
      .andWhere('clicked_at', '>=', input.from)
      .andWhere('clicked_at', '<', input.to)
      .groupByRaw('1')
      .select(dayOf('clicked_at'), db.raw('count(*) as clicks'), db.raw('count(*) filter (where is_unique) as unique_clicks')),
    credited()
      .groupByRaw('1, 2')
      .select(dayOf('processed_at'), 'currency', ...money),
    credited()
      .groupBy('creator_id', 'currency')
      .select('creator_id', 'currency', ...money),
  ]);

  const days = daysOf(input.from, input.to).map((day) => {
    const orders = ordersByDay.filter((r) => r.day === day);
    const clicks = clicksByDay.find((c) => c.day === day);
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

async function topCreators(db: Db, workspaceId: string, rows: (MoneyRow & { creator_id: string })[]): Promise<OverviewCreator[]> {
  const ids = [...new Set(rows.map((r) => r.creator_id))];
  const names: { id: string; name: string }[] = ids.length
    ? await db('creators').where({ workspace_id: workspaceId }).whereIn('id', ids).select('id', 'name')
    : [];
  return names
    .map((c) => {
      const own = rows.filter((r) => r.creator_id === c.id);
      return { creatorId: c.id, name: c.name, creditedOrders: countOrders(own), revenue: moneyTotals(own) };
    })
    .sort((a, b) => b.creditedOrders - a.creditedOrders || a.name.localeCompare(b.name) || a.creatorId.localeCompare(b.creatorId))
    .slice(0, TOP_CREATORS);
}
