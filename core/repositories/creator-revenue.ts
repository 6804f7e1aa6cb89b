import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';

/** One UTC day of one creator's credited revenue in one currency. */
export type RevenueDay = { day: string; currency: string; orders: number; revenueMinor: number; revenue: number };

/** Credited orders of a creator over [from, to), grouped by UTC day of processing and currency, oldest first. */
export async function creatorRevenueByDay(db: Db, input: { workspaceId: string; creatorId: string; from: Date; to: Date }): Promise<RevenueDay[]> {
  const rows: { day: string; currency: string; orders: string; minor: string }[] = await db('orders')
    .where({ workspace_id: input.workspaceId, creator_id: input.creatorId, status: 'credited' })
    .andWhere('processed_at', '>=', input.from)
    .andWhere('processed_at', '<', input.to)
    .groupByRaw('1, 2')
    .orderByRaw('1, 2')
    .select(
      db.raw(`to_char(processed_at at time zone 'UTC', 'YYYY-MM-DD') as day`),
      'currency',
      db.raw('count(*) as orders'),
      db.raw('sum(value_minor) as minor'),
    );
  return rows.map((r) => {
    const currency = r.currency.trim();
    const revenueMinor = Number(r.minor);
    return { day: r.day, currency, orders: Number(r.orders), revenueMinor, revenue: fromMinorUnits(revenueMinor, currency) };
  });
}
