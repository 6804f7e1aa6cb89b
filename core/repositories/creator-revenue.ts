import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';
import { totalCreditedOrders, type OrderTotals } from '../rollups/rollup-reads';

/** One UTC day of one creator's credited revenue in one currency. */
export type RevenueDay = { day: string; currency: string; orders: number; revenueMinor: number; revenue: number };

/** Credited orders of a creator over [from, to), grouped by UTC day of processing and currency, oldest first (whole days from the rollups). */
export async function creatorRevenueByDay(db: Db, input: { workspaceId: WorkspaceId; creatorId: string; from: Date; to: Date }): Promise<RevenueDay[]> {
  const rows: OrderTotals[] = await totalCreditedOrders(db, input, 'day');
  return rows.map((r) => {
    const currency = r.currency.trim();
    const revenueMinor = Number(r.gross);
    return { day: String(r.key), currency, orders: Number(r.orders), revenueMinor, revenue: fromMinorUnits(revenueMinor, currency) };
  });
}
