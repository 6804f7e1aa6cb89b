import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDb, type Db } from '../../core/db';
import { newId } from '../../core/domain/ids';
import { recordClicksAcrossWorkspaces } from '../../core/repositories/links';
import { reportByCreator } from '../../core/repositories/orders';
import { workspaceOverview } from '../../core/repositories/overview';
import { creatorRevenueByDay } from '../../core/repositories/creator-revenue';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { createRollupWorkspace, rollupsAndFacts, type RollupWorkspace } from './rollup-fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
const BASE = Date.parse('2026-09-01T00:00:00Z');
const SPAN_DAYS = 12;

/** A small deterministic generator, so a failing range can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T };
}

type Rng = ReturnType<typeof generator>;
const someTime = (rng: Rng) => new Date(BASE + Math.floor(rng.next() * SPAN_DAYS * DAY_MS));

/** A clicks job as the consumer records it; `isUnique` is what the click job carries (issue 28), written by recordClicksAcrossWorkspaces once it knows it. */
function clickBatch(rng: Rng, ws: RollupWorkspace, size: number) {
  return Array.from({ length: size }, () => ({
    clickId: newId('clk'),
    linkId: rng.pick(ws.linkIds),
    workspaceId: ws.workspaceId,
    clickedAt: someTime(rng),
    isUnique: rng.next() < 0.4,
  }));
}

function orderRow(rng: Rng, ws: RollupWorkspace) {
  const status = rng.pick(['credited', 'credited', 'skipped', 'pending']);
  return {
    id: newId('ord'),
    workspace_id: ws.workspaceId,
    integration_id: rng.pick(ws.integrationIds),
    order_id: `o-${rng.int(1_000_000)}`,
    status,
    reason: status === 'skipped' ? 'no_attribution' : null,
    creator_id: status === 'skipped' && rng.next() < 0.5 ? null : rng.pick(ws.creatorIds),
    value_minor: 100 + rng.int(50_000),
    currency: rng.pick(['EUR', 'USD', 'JPY']),
    reported_at: someTime(rng),
    processed_at: someTime(rng),
  };
}

describe('daily rollups', function () {
  this.timeout(120_000);
  let db: Db;
  let ws: RollupWorkspace;
  const rng = generator(30);

  before(async () => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 12 });
    ws = await createRollupWorkspace(db, { creators: 6, integrations: 3 });
  });
  after(() => db.destroy());

  it('match a count over the facts after concurrent click batches (some retried), order inserts, status changes, refunds and deletes', async () => {
    // A retried job is the same batch again, possibly while the first attempt still runs.
    const fresh = Array.from({ length: 12 }, () => clickBatch(rng, ws, 120));
    const batches = [...fresh, ...fresh.slice(0, 4)];
    const sent = fresh.flat();
    const orders = Array.from({ length: 400 }, () => orderRow(rng, ws));
    // One order per statement, as its record transaction writes it; a retried record (the same
    // order again) conflicts and writes nothing.
    const inserts = [...orders, ...orders.slice(0, 40)];
    await Promise.all([
      ...batches.map((batch) => recordClicksAcrossWorkspaces(db, batch)),
      ...inserts.map((order) => db('orders').insert(order).onConflict(['integration_id', 'order_id']).ignore()),
    ]);

    const rows: { id: string; status: string }[] = await db('orders').where({ workspace_id: ws.workspaceId }).select('id', 'status');
    const changes = rows.map((row) => async () => {
      const roll = rng.next();
      await db.transaction(async (trx) => {
        if (row.status === 'pending' && roll < 0.6) {
          // The store's server confirms: credited now, at the server's value.
          await trx('orders')
            .where({ id: row.id })
            .update({ status: 'credited', confirmed: true, value_minor: 100 + rng.int(9_000), processed_at: someTime(rng) });
        } else if (row.status === 'credited' && roll < 0.5) {
          // Two refunds applied in the order's transaction, then a deadline change that moves no figure.
          await trx('orders').where({ id: row.id }).increment('refunded_minor', 50);
          await trx('orders').where({ id: row.id }).increment('refunded_minor', 25);
          await trx('orders')
            .where({ id: row.id })
            .update({ confirmation_deadline: someTime(rng) });
        } else if (row.status === 'credited' && roll < 0.6) {
          await trx('orders')
            .where({ id: row.id })
            .update({ status: 'skipped', reason: 'not_confirmed', processed_at: someTime(rng) });
        } else if (roll > 0.97) {
          await trx('orders').where({ id: row.id }).delete();
        }
      });
    });
    const moreClicks = Array.from({ length: 6 }, () => clickBatch(rng, ws, 80));
    await Promise.all([...changes.map((change) => change()), ...moreClicks.map((batch) => recordClicksAcrossWorkspaces(db, batch))]);
    await db('clicks')
      .whereIn(
        'id',
        sent.slice(0, 30).map((c) => c.clickId),
      )
      .delete();

    const { clicks, orders: orderRollups } = await rollupsAndFacts(db, ws.workspaceId);
    expect(clicks.counted.length).to.be.greaterThan(50);
    expect(clicks.kept).to.deep.equal(clicks.counted);
    expect(orderRollups.counted.length).to.be.greaterThan(50);
    expect(orderRollups.kept).to.deep.equal(orderRollups.counted);
  });

  it('lose the rollup with the fact when the writer dies before its commit (one statement: no crash can separate them)', async () => {
    const before = await rollupsAndFacts(db, ws.workspaceId);
    const client = new pg.Client({ connectionString: testConfig().databaseUrl });
    client.on('error', () => {});
    await client.connect();
    const pid: number = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
    await client.query('begin');
    await client.query(`insert into clicks (id, link_id, workspace_id, clicked_at, is_unique) values ($1, $2, $3, $4, true)`, [
      newId('clk'),
      ws.linkIds[0],
      ws.workspaceId,
      new Date(BASE + DAY_MS),
    ]);
    const order = orderRow(rng, ws);
    await client.query(
      `insert into orders (id, workspace_id, integration_id, order_id, status, creator_id, value_minor, currency, reported_at, processed_at)
       values ($1, $2, $3, $4, 'credited', $5, $6, $7, $8, $9)`,
      [
        order.id,
        ws.workspaceId,
        order.integration_id,
        `crash-${order.id}`,
        order.creator_id,
        order.value_minor,
        order.currency,
        order.reported_at,
        order.processed_at,
      ],
    );
    // The writer's rollup rows are written and locked by now; it dies before COMMIT.
    const locked = await db.raw(`select count(*)::int as n from pg_locks where pid = ? and relation = 'order_daily'::regclass`, [pid]);
    expect(locked.rows[0].n).to.be.greaterThan(0);
    await db.raw('select pg_terminate_backend(?)', [pid]);
    await waitFor(async () => (await db.raw('select 1 from pg_stat_activity where pid = ?', [pid])).rows.length === 0, 'the writer to be gone');
    await client.end().catch(() => {});

    const after = await rollupsAndFacts(db, ws.workspaceId);
    expect(after).to.deep.equal(before);
    expect(after.clicks.kept).to.deep.equal(after.clicks.counted);
  });

  it('give the reports exactly the figures of the raw rows for random ranges, whole days or not', async () => {
    for (let i = 0; i < 25; i += 1) {
      const aligned = i % 3 === 0;
      const fromMs = BASE - DAY_MS + (aligned ? rng.int(SPAN_DAYS) * DAY_MS : rng.int((SPAN_DAYS + 1) * DAY_MS));
      const from = new Date(fromMs);
      const to = new Date(fromMs + (aligned ? (1 + rng.int(SPAN_DAYS)) * DAY_MS : 3_600_000 + rng.int(SPAN_DAYS * DAY_MS)));
      const range = `${from.toISOString()}..${to.toISOString()}`;

      const clicks = await db('clicks')
        .where({ workspace_id: ws.workspaceId })
        .andWhere('clicked_at', '>=', from)
        .andWhere('clicked_at', '<', to)
        .first(db.raw('count(*)::int as n'), db.raw('(count(*) filter (where is_unique))::int as u'));
      const credited = () =>
        db('orders').where({ workspace_id: ws.workspaceId, status: 'credited' }).andWhere('processed_at', '>=', from).andWhere('processed_at', '<', to);
      const money: { currency: string; n: number; gross: string; refunded: string }[] = await credited()
        .groupBy('currency')
        .orderBy('currency')
        .select('currency', db.raw('count(*)::int as n'), db.raw('sum(value_minor)::text as gross'), db.raw('sum(refunded_minor)::text as refunded'));

      const overview = await workspaceOverview(db, { workspaceId: ws.workspaceId, from, to });
      expect(overview.clicks, `clicks ${range}`).to.equal(clicks.n);
      expect(overview.uniqueClicks, `unique clicks ${range}`).to.equal(clicks.u);
      expect(overview.creditedOrders, `orders ${range}`).to.equal(money.reduce((n, m) => n + m.n, 0));
      const minor = (m: { currency: string }) => (m.currency.trim() === 'JPY' ? 1 : 100);
      expect(
        overview.revenue.map((r) => [r.currency, Math.round(r.gross * minor(r)), Math.round(r.refunded * minor(r))]),
        `revenue ${range}`,
      ).to.deep.equal(money.map((m) => [m.currency.trim(), Number(m.gross), Number(m.refunded)]));

      const perCreator: { creator_id: string; n: number }[] = await credited()
        .whereNotNull('creator_id')
        .groupBy('creator_id')
        .select('creator_id', db.raw('count(*)::int as n'));
      const clicksPerCreator: { creator_id: string; n: number }[] = await db('clicks as c')
        .join('links as l', 'l.id', 'c.link_id')
        .where('c.workspace_id', ws.workspaceId)
        .andWhere('c.clicked_at', '>=', from)
        .andWhere('c.clicked_at', '<', to)
        .groupBy('l.creator_id')
        .select('l.creator_id', db.raw('count(*)::int as n'));
      const report = await reportByCreator(db, ws.workspaceId, { from, to });
      for (const row of report) {
        expect(row.orders, `orders of ${row.creatorId} ${range}`).to.equal(perCreator.find((c) => c.creator_id === row.creatorId)?.n ?? 0);
        expect(row.clicks, `clicks of ${row.creatorId} ${range}`).to.equal(clicksPerCreator.find((c) => c.creator_id === row.creatorId)?.n ?? 0);
      }

      const creatorId = rng.pick(ws.creatorIds);
      const days = await creatorRevenueByDay(db, { workspaceId: ws.workspaceId, creatorId, from, to });
      const daysCounted = await credited()
        .andWhere({ creator_id: creatorId })
        .groupByRaw('1, 2')
        .orderByRaw('1, 2')
        .select(
          db.raw(`to_char(processed_at at time zone 'UTC', 'YYYY-MM-DD') as day`),
          'currency',
          db.raw('count(*)::int as n'),
          db.raw('sum(value_minor)::text as v'),
        );
      expect(
        days.map((d) => [d.day, d.currency, d.orders, d.revenueMinor]),
        `revenue days of ${creatorId} ${range}`,
      ).to.deep.equal(daysCounted.map((d: { day: string; currency: string; n: number; v: string }) => [d.day, d.currency.trim(), d.n, Number(d.v)]));
    }
  });

  it('are made again from the facts by `npm run cli -- rebuild-rollups`', async () => {
    await db('click_daily').where({ workspace_id: ws.workspaceId }).delete();
    await db('order_daily').where({ workspace_id: ws.workspaceId }).update({ orders: 999 });
    const broken = await rollupsAndFacts(db, ws.workspaceId);
    expect(broken.clicks.kept).to.not.deep.equal(broken.clicks.counted);

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'rebuild-rollups', '--json'], {
      env: { ...process.env, DATABASE_URL: testConfig().databaseUrl, LOG_LEVEL: 'warn' },
    });
    const answer = JSON.parse(stdout) as { clickDays: string; orderDays: string };
    expect(Number(answer.clickDays)).to.be.greaterThan(0);
    expect(Number(answer.orderDays)).to.be.greaterThan(0);
    const rebuilt = await rollupsAndFacts(db, ws.workspaceId);
    expect(rebuilt.clicks.kept).to.deep.equal(rebuilt.clicks.counted);
    expect(rebuilt.orders.kept).to.deep.equal(rebuilt.orders.counted);
  });
});
