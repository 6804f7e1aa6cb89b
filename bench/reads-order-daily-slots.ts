import pg from 'pg';
import { createDb, ensureDatabaseExists } from '../core/db';
import { dropDatabase } from './reads-seed';

/**
 * `npx tsx bench/reads-order-daily-slots.ts`: what order_daily's slots (migration
 * 20261208115000_order_daily_slots) cost the reads. One workspace at the size (1,000,000
 * orders over 400 days and 200 creators, 70 % credited: about 9 credited orders per creator and
 * day), its credited rows kept one per key (as before the slots) and spread over up to 16 slots
 * (each of 9 orders in a random slot, as the hash of its row id puts it); the rollup part of the
 * Overview's 400-day read (per day) and of the creator report (per creator) on each, median of 10
 * warm calls. A table of its own, no facts: it measures the rollup rows only.
 *   BENCH_SLOTS_URL (default postgres://postgres@127.0.0.1:5432/influtrace_bench_order_daily_slots)
 */
const url = process.env.BENCH_SLOTS_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_order_daily_slots';
async function main() {
  await dropDatabase(url);
  await ensureDatabaseExists(url);
  const db = createDb(url, { min: 0, max: 2 });
  await db.migrate.latest();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (const t of ['od_one', 'od_slots']) await c.query(`create table ${t} (like order_daily including all)`);
  await c.query(`insert into od_one (workspace_id, status, day, creator_id, currency, slot, orders, value_minor, refunded_minor)
    select 'w', 'credited', date '2025-10-01' + d, 'cre_' || cr, 'EUR', 0, 9, 9000, 0 from generate_series(0, 399) d, generate_series(1, 200) cr`);
  await c.query(`insert into od_slots (workspace_id, status, day, creator_id, currency, slot, orders, value_minor, refunded_minor)
    select 'w', 'credited', date '2025-10-01' + d, 'cre_' || cr, 'EUR', s, count(*), count(*) * 1000, 0
    from generate_series(0, 399) d, generate_series(1, 200) cr, lateral (select floor(random() * 16)::int as s from generate_series(1, 9) o where d >= 0) x
    group by 1, 2, 3, 4, 5, 6`);
  await c.query('vacuum analyze od_one, od_slots');
  for (const t of ['od_one', 'od_slots']) {
    const rows = (await c.query(`select count(*)::int n from ${t}`)).rows[0].n;
    for (const by of ['day', 'creator_id']) {
      const q = `select ${by}, currency, sum(orders), sum(value_minor), sum(refunded_minor) from ${t} where workspace_id = 'w' and status = 'credited' and day >= '2025-10-01' and day < '2026-11-05' group by ${by}, currency`;
      const times: number[] = [];
      for (let i = 0; i < 13; i += 1) {
        const s = performance.now();
        await c.query(q);
        if (i >= 3) times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      console.log(
        `order-daily-slots ${t === 'od_one' ? 'one row per key' : 'up to 16 slots  '} ${rows} rows, per ${by === 'day' ? 'day    ' : 'creator'}: median ${times[5]?.toFixed(1)} ms (10 warm calls)`,
      );
    }
  }
  await c.end();
  await db.destroy();
  await dropDatabase(url);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
