import type { Db } from '../db';
import { rebuildRollupsSql } from './rebuild-rollups-sql';

export type RebuildResult = { clickDays: number; orderDays: number };

/**
 * Replaces the daily rollups with counts over the facts, in one transaction. The fact tables are
 * locked in SHARE mode first: writers wait (the click consumer's batch, an order's record
 * transaction) and go on once it commits, and readers keep reading the old rollups until then.
 */
export async function rebuildRollups(db: Db): Promise<RebuildResult> {
  return db.transaction(async (trx) => {
    await trx.raw('lock table clicks, orders in share mode');
    for (const statement of rebuildRollupsSql()) await trx.raw(statement);
    const [clicks, orders] = await Promise.all([trx('click_daily').count<{ n: string }[]>('* as n'), trx('order_daily').count<{ n: string }[]>('* as n')]);
    return { clickDays: Number(clicks[0]?.n ?? 0), orderDays: Number(orders[0]?.n ?? 0) };
  });
}
