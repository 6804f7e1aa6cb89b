import { startAdminApi } from '../admin-api/start-admin-api';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest, type Db } from '../core/db';
import { createLogger } from '../core/logger';
import {
  countStuckReportsAcrossWorkspaces,
  findReportsOfCreditedOrdersAcrossWorkspaces,
  findStuckReportsAcrossWorkspaces,
  flagCrossIntegrationDuplicates,
} from '../core/repositories/reconciliation';
import { findStuckRefundsAcrossWorkspaces } from '../core/repositories/refunds';
import { median, ratio, thousands, writeBenchmarkSection } from './report';
import { dropDatabase, finishSeed, seedWorkspace, type SeedSizes, type SeededWorkspace } from './reads-seed';
import { seedCommissionsAndPayouts } from './reads-seed-commissions';
import { measureWritePath } from './reads-write-path';
import { planOf, statementsOf } from './statements-of';
import { workspaceOverview } from '../core/repositories/overview';
import { listOrders, reportByCreator } from '../core/repositories/orders';
import { findOrderDetail } from '../core/repositories/order-detail';
import { listCommissions } from '../core/commissions/list-commissions';
import { listPayouts } from '../core/commissions/payouts';

/**
 * BENCH_ONLY=reads npm run bench: the pages people read, at the size of a store with a few
 * successful creators, through the admin API; one line per read
 * `read <name> p50 <n> ms p95 <n> ms target <n> ms` (and the empty workspace's figure beside it).
 * The seeded database is re-used when it holds the same sizes. Sizes (defaults: the issue's):
 *   BENCH_READS_CLICKS=10000000 BENCH_READS_ORDERS=1000000 BENCH_READS_DAYS=400
 *   BENCH_READS_LINKS=2000 BENCH_READS_CREATORS=200 BENCH_READS_INTEGRATIONS=5 BENCH_READS_CALLS=20
 *   BENCH_READS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/influtrace_bench_reads)
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZES: SeedSizes = {
  clicks: env('BENCH_READS_CLICKS', 10_000_000),
  orders: env('BENCH_READS_ORDERS', 1_000_000),
  days: env('BENCH_READS_DAYS', 400),
  links: env('BENCH_READS_LINKS', 2000),
  creators: env('BENCH_READS_CREATORS', 200),
  integrations: env('BENCH_READS_INTEGRATIONS', 5),
};
/** The second workspace: a hundredth of the first. */
const SECOND: SeedSizes = { ...SIZES, clicks: Math.ceil(SIZES.clicks / 100), orders: Math.ceil(SIZES.orders / 100), links: 50, creators: 10 };
/** Reconciliation at 10,000 orders, with as many orders per day as the big set (its lookback reads the same number). */
const SMALL: SeedSizes = {
  clicks: 1000,
  orders: 10_000,
  days: Math.max(1, Math.round((10_000 / SIZES.orders) * SIZES.days)),
  links: 20,
  creators: 5,
  integrations: 5,
};
const CALLS = env('BENCH_READS_CALLS', 20);
/** What the machine was doing during the run, for BENCHMARKS.md (say "quiet" only when nothing else ran). */
const MACHINE = process.env.BENCH_READS_MACHINE ?? 'The machine (2 cores) was shared with other sessions at the time: figures are noisy.';
const DAY_MS = 24 * 60 * 60 * 1000;
const baseUrl = process.env.BENCH_READS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_reads';

type Seeded = { big: SeededWorkspace; second: SeededWorkspace; empty: SeededWorkspace; seededAt: number };

function databaseUrl(suffix: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname}${suffix}`;
  return url.toString();
}

/** A database seeded with these sizes, re-used when its marker says so (else made again from nothing). */
async function seededDatabase(url: string, sizes: SeedSizes, second: SeedSizes | null): Promise<{ db: Db; seeded: Seeded }> {
  await ensureDatabaseExists(url);
  let db = createDb(url, { min: 0, max: 4 });
  const marker = await db.raw(`select to_regclass('bench_reads_seed') as t`);
  if (marker.rows[0].t) {
    const row = await db('bench_reads_seed').first('sizes', 'seeded');
    // jsonb keeps its keys in its own order: compared as PostgreSQL compares them.
    const same = row
      ? (await db.raw('select ?::jsonb = ?::jsonb as same', [JSON.stringify(row.sizes), JSON.stringify({ sizes, second })])).rows[0].same
      : false;
    if (same) {
      const applied = await migrateToLatest(db);
      // A migration that rewrote rows or built indexes leaves what autovacuum would tidy before
      // anyone reads: done here, so the reads are measured as a running deployment has them.
      if (applied.length) await db.raw('vacuum analyze');
      console.log(`reads: re-using the seeded database ${new URL(url).pathname.slice(1)}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`);
      return { db, seeded: row.seeded };
    }
  }
  await db.destroy();
  await dropDatabase(url);
  await ensureDatabaseExists(url);
  db = createDb(url, { min: 0, max: 4 });
  await migrateToLatest(db);
  const started = performance.now();
  const now = Date.now();
  const big = await seedWorkspace(db, url, 'a', sizes, now);
  const secondWorkspace = second ? await seedWorkspace(db, url, 'b', second, now) : big;
  const empty = await seedWorkspace(db, url, 'e', { clicks: 0, orders: 0, days: 1, links: 1, creators: 1, integrations: 1 }, now);
  await finishSeed(db);
  const seeded: Seeded = { big, second: secondWorkspace, empty, seededAt: now };
  await db.schema.createTable('bench_reads_seed', (t) => {
    t.jsonb('sizes');
    t.jsonb('seeded');
  });
  await db('bench_reads_seed').insert({ sizes: JSON.stringify({ sizes, second }), seeded: JSON.stringify(seeded) });
  console.log(`reads: seeded ${new URL(url).pathname.slice(1)} in ${Math.round((performance.now() - started) / 1000)} s`);
  return { db, seeded };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

async function timeCalls(call: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i += 1) await call();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return { p50: median(times), p95: percentile(times, 95) };
}

type Read = { name: string; target: number; path: (ws: SeededWorkspace, deep: DeepCursors) => string };
type DeepCursors = Record<string, string>;

/** The commissions and payouts lists page by offset: the cursor they give out for `offset`. */
const offsetCursor = (offset: number) => Buffer.from(`o${offset}`, 'utf8').toString('base64url');

const cursorOf = (row: { processed_at: string; id: string }) => Buffer.from(JSON.stringify([row.processed_at, row.id]), 'utf8').toString('base64url');

/** The cursor of the page that starts 10,000 orders deep, for each filter of the orders list. */
async function deepCursors(db: Db, ws: SeededWorkspace, filters: Record<string, Record<string, string>>): Promise<DeepCursors> {
  const cursors: DeepCursors = {};
  for (const [name, filter] of Object.entries(filters)) {
    const row = await db('orders')
      .where({ workspace_id: ws.workspaceId, ...filter })
      .orderBy([
        { column: 'processed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(10_000)
      .first(db.raw('processed_at::text as processed_at'), 'id');
    cursors[name] = row ? cursorOf(row) : '';
  }
  return cursors;
}

function readsOf(now: number): Read[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const range = (days: number) => `from=${iso(now - days * DAY_MS)}&to=${iso(now)}`;
  const orderFilters: [string, (ws: SeededWorkspace) => string][] = [
    ['', () => ''],
    ['integration', (ws) => `&integrationId=${ws.integrationIds[1]}`],
    ['status', () => '&status=pending'],
    ['creator', (ws) => `&creatorId=${ws.creatorIds[3]}`],
  ];
  return [
    { name: 'overview-30d', target: 150, path: () => `/api/v1/reports/overview?${range(30)}` },
    { name: 'overview-400d', target: 400, path: () => `/api/v1/reports/overview?${range(400)}` },
    { name: 'creators-90d', target: 250, path: () => `/api/v1/reports/creators?${range(90)}` },
    { name: 'creators-90d-csv', target: 1000, path: () => `/api/v1/reports/creators?${range(90)}&format=csv` },
    { name: 'creators-all-csv', target: 1000, path: () => `/api/v1/reports/creators?format=csv` },
    { name: 'creator-revenue-90d', target: 250, path: (ws) => `/api/v1/reports/creators/${ws.creatorIds[0]}/revenue?${range(90)}` },
    ...orderFilters.flatMap(([name, filter]): Read[] => [
      { name: `orders${name ? `-${name}` : ''}-first`, target: 30, path: (ws) => `/api/v1/orders?limit=50${filter(ws)}` },
      {
        name: `orders${name ? `-${name}` : ''}-10000-deep`,
        target: 30,
        path: (ws, deep) => `/api/v1/orders?limit=50${filter(ws)}${deep[name] ? `&cursor=${deep[name]}` : ''}`,
      },
    ]),
    { name: 'orders-range-first', target: 30, path: () => `/api/v1/orders?limit=50&${range(60)}` },
    { name: 'order-detail', target: 20, path: (ws, deep) => `/api/v1/orders/${deep.orderRowId}` },
    { name: 'flags', target: 30, path: () => `/api/v1/flags` },
    { name: 'flags-kind', target: 30, path: () => `/api/v1/flags?kind=cross_integration_duplicate` },
    // Commissions and payouts (issue 27's lists): the first page with each filter the API offers, and a page 10,000 deep (offset paging).
    { name: 'commissions-first', target: 30, path: () => `/api/v1/commissions?limit=50` },
    { name: 'commissions-10000-deep', target: 30, path: () => `/api/v1/commissions?limit=50&cursor=${offsetCursor(10_000)}` },
    { name: 'commissions-creator-first', target: 30, path: (ws) => `/api/v1/commissions?limit=50&creatorId=${ws.creatorIds[3]}` },
    ...(['pending', 'approved', 'paid'] as const).map((status): Read => ({
      name: `commissions-${status}-first`,
      target: 30,
      path: () => `/api/v1/commissions?limit=50&status=${status}`,
    })),
    { name: 'commissions-payout', target: 30, path: (ws, deep) => `/api/v1/commissions?limit=50&payoutId=${deep.payoutId}` },
    { name: 'commissions-order', target: 30, path: (ws, deep) => `/api/v1/commissions?limit=50&orderId=${deep.orderRowId}` },
    { name: 'payouts-first', target: 30, path: () => `/api/v1/payouts?limit=50` },
    { name: 'payouts-paid-first', target: 30, path: () => `/api/v1/payouts?limit=50&status=paid` },
    { name: 'payouts-creator-first', target: 30, path: (ws) => `/api/v1/payouts?limit=50&creatorId=${ws.creatorIds[3]}` },
    { name: 'payouts-all-csv', target: 1000, path: () => `/api/v1/payouts?format=csv` },
  ];
}

/** One reconciliation run's reads and set-based writes, as reconcileOrders makes them (batches of 100). */
async function reconcile(db: Db, now: number): Promise<void> {
  const since = new Date(now - DAY_MS);
  const cutoff = new Date(now - 15 * 60_000);
  await findStuckReportsAcrossWorkspaces(db, { receivedBefore: cutoff, limit: 100 });
  await findStuckRefundsAcrossWorkspaces(db, { receivedBefore: cutoff, limit: 100 });
  await flagCrossIntegrationDuplicates(db, since);
  for (let afterId: string | undefined; ;) {
    const page = await findReportsOfCreditedOrdersAcrossWorkspaces(db, { since, afterId, limit: 100 });
    if (page.length < 100) break;
    afterId = page.at(-1)?.reportId;
  }
  await countStuckReportsAcrossWorkspaces(db, cutoff);
}

/** EXPLAIN ANALYZE of the statements behind the reads that matter, on the seeded workspace. */
async function plansThatMatter(db: Db, seeded: Seeded): Promise<string[]> {
  const now = Date.now();
  const ws = seeded.big.workspaceId;
  const reads: [string, () => Promise<unknown>][] = [
    ['Overview, 400 days', () => workspaceOverview(db, { workspaceId: ws, from: new Date(now - 400 * DAY_MS), to: new Date(now) })],
    ['Creator report, 90 days', () => reportByCreator(db, ws, { from: new Date(now - 90 * DAY_MS), to: new Date(now) })],
    [
      'Orders list of a creator, first page',
      async () => {
        const page = await listOrders(db, { workspaceId: ws, creatorId: seeded.big.creatorIds[3], limit: 50 });
        return page;
      },
    ],
    ["An order's page (one statement)", () => findOrderDetail(db, ws, 'ord_a1234')],
    ['Commissions list, first page', () => listCommissions(db, { workspaceId: ws }, { limit: 51, offset: 0 })],
    [
      'Commissions list of a creator, first page',
      () => listCommissions(db, { workspaceId: ws, creatorId: seeded.big.creatorIds[3] }, { limit: 51, offset: 0 }),
    ],
    ['Commissions list, approved, first page', () => listCommissions(db, { workspaceId: ws, status: 'approved' }, { limit: 51, offset: 0 })],
    ['Payouts list, first page', () => listPayouts(db, { workspaceId: ws }, { limit: 51, offset: 0 })],
    ['Reconciliation: cross-integration duplicates', () => flagCrossIntegrationDuplicates(db, new Date(seeded.seededAt - DAY_MS))],
    [
      'Reconciliation: reports of credited orders, a page',
      () => findReportsOfCreditedOrdersAcrossWorkspaces(db, { since: new Date(seeded.seededAt - DAY_MS), limit: 100 }),
    ],
  ];
  const lines: string[] = ['', '### Plans that matter (EXPLAIN ANALYZE on the seeded workspace)', ''];
  for (const [name, read] of reads) {
    for (const statement of await statementsOf(db, read)) {
      lines.push(`${name}:`, '', '```', statement.sql.replace(/\s+/g, ' ').slice(0, 400), '', String(await planOf(db, statement, true)), '```', '');
    }
  }
  return lines;
}

export async function runReadsBenchmark(): Promise<void> {
  const { db, seeded } = await seededDatabase(baseUrl, SIZES, SECOND);
  const commissionSeed = await seedCommissionsAndPayouts(db, seeded.seededAt);
  console.log(
    `reads: ${thousands(commissionSeed.commissions)} commissions and ${thousands(commissionSeed.payouts)} payouts ${commissionSeed.toppedUp ? 'seeded' : 're-used'} (seeding took ${commissionSeed.seconds} s)`,
  );
  const small = await seededDatabase(databaseUrl('_small'), SMALL, null);
  const config = loadConfig({ ...process.env, DATABASE_URL: baseUrl, QUEUE_PREFIX: 'influtrace-bench-reads', LOG_LEVEL: 'warn' });
  const log = createLogger({ level: 'warn', name: 'bench-reads' });
  const api = await startAdminApi(config, log, 0);
  const lines: string[] = [];
  const rows: string[] = [];
  try {
    const filters = {
      '': {},
      integration: { integration_id: seeded.big.integrationIds[1] as string },
      status: { status: 'pending' },
      creator: { creator_id: seeded.big.creatorIds[3] as string },
    };
    // The order page at its fullest: a credited, refunded order (its refund, its commission and clawback), and the payout with the most commissions.
    const creditedOrder = await db('orders')
      .where({ workspace_id: seeded.big.workspaceId, status: 'credited' })
      .where('refunded_minor', '>', 0)
      .where('processed_at', '<', new Date(seeded.seededAt - 90 * DAY_MS))
      .first('id');
    const biggestPayout = await db('payouts').where({ workspace_id: seeded.big.workspaceId }).orderBy('commission_count', 'desc').first('id');
    const deep = {
      ...(await deepCursors(db, seeded.big, filters)),
      orderRowId: String(creditedOrder?.id ?? 'ord_a1234'),
      payoutId: String(biggestPayout?.id ?? 'po_none'),
    };
    const emptyDeep = { orderRowId: 'ord_none', payoutId: 'po_none' };
    for (const read of readsOf(Date.now())) {
      const call = (ws: SeededWorkspace, cursors: DeepCursors) => async () => {
        const response = await fetch(`${api.url}${read.path(ws, cursors)}`, { headers: { authorization: `Bearer ${ws.token}` } });
        await response.arrayBuffer();
        if (response.status !== 200 && !(read.name === 'order-detail' && ws === seeded.empty)) throw new Error(`${read.name}: ${response.status}`);
      };
      const full = await timeCalls(call(seeded.big, deep));
      const empty = await timeCalls(call(seeded.empty, emptyDeep));
      const line = `read ${read.name} p50 ${full.p50.toFixed(1)} ms p95 ${full.p95.toFixed(1)} ms target ${read.target} ms (empty workspace p50 ${empty.p50.toFixed(1)} ms p95 ${empty.p95.toFixed(1)} ms)`;
      console.log(line);
      lines.push(line);
      rows.push(
        `| ${read.name} | ${full.p50.toFixed(1)} | ${full.p95.toFixed(1)} | ${read.target} | ${full.p95 <= read.target ? 'yes' : '**no**'} | ${empty.p50.toFixed(1)} | ${empty.p95.toFixed(1)} |`,
      );
    }

    const runs = { big: [] as number[], small: [] as number[] };
    for (let i = 0; i < 5; i += 1) {
      for (const [name, target] of [
        ['big', db],
        ['small', small.db],
      ] as const) {
        const started = performance.now();
        await reconcile(target, name === 'big' ? seeded.seededAt : small.seeded.seededAt);
        runs[name].push(performance.now() - started);
      }
    }
    // Its target is relative: at most twice the 10,000-order run's median, printed as `target <n> ms` so a script checks it like the others.
    const [bigRun, smallRun] = [median(runs.big), median(runs.small)];
    const reconciliation = `read reconciliation-run p50 ${bigRun.toFixed(1)} ms p95 ${percentile(runs.big, 95).toFixed(1)} ms target ${(2 * smallRun).toFixed(1)} ms (at ${thousands(SIZES.orders)} orders; at ${thousands(SMALL.orders)} orders p50 ${smallRun.toFixed(1)} ms p95 ${percentile(runs.small, 95).toFixed(1)} ms; ${ratio(bigRun, smallRun)} of it, at most 200%)`;
    console.log(reconciliation);

    const plans = await plansThatMatter(db, seeded);
    const writes = await measureWritePath(databaseUrl('_writes'));
    for (const line of writes.lines) console.log(line);

    await writeBenchmarkSection('reads', [
      '## Reads at scale (issue 30)',
      '',
      `\`BENCH_ONLY=reads npm run bench\`: ${thousands(SIZES.clicks)} clicks over ${SIZES.days} days on ${thousands(SIZES.links)} links of ${SIZES.creators} creators, ${thousands(SIZES.orders)} orders over ${SIZES.integrations} integrations (70 % credited, 20 % skipped, 10 % pending; 8 % of the credited half refunded; one in 200 credited on two integrations), each order with its report; a second workspace of a hundredth of that; an empty workspace for the figures beside. Seeded by COPY (\`bench/reads-seed.ts\`), rollups rebuilt from the facts, then \`VACUUM ANALYZE\`; then topped up, once, with ${thousands(commissionSeed.commissions)} commissions and ${thousands(commissionSeed.payouts)} payouts (\`bench/reads-seed-commissions.ts\`: each credited order's sale commission, pending for 30 days, approved for 30 more, then paid in a monthly payout per creator and currency; a clawback for each refunded paid sale). ${CALLS} warm calls per read through the admin API (3 before them not counted), one after the other. ${MACHINE}`,
      '',
      '| read | p50 ms | p95 ms | target p95 ms | met | empty p50 ms | empty p95 ms |',
      '| ---- | -----: | -----: | ------------: | --- | -----------: | -----------: |',
      ...rows,
      '',
      `Reconciliation run (stuck reports and refunds, cross-integration duplicates, changed repeats over the 24 h lookback, as \`reconcileOrders\` makes them), 5 runs each, alternating:`,
      '',
      '| orders in the database | p50 ms | slowest ms |',
      '| ---------------------: | -----: | ---------: |',
      `| ${thousands(SMALL.orders)} (as many orders per day) | ${smallRun.toFixed(1)} | ${Math.max(...runs.small).toFixed(1)} |`,
      `| ${thousands(SIZES.orders)} | ${bigRun.toFixed(1)} | ${Math.max(...runs.big).toFixed(1)} |`,
      '',
      `At ${thousands(SIZES.orders)} orders a run costs ${ratio(bigRun, smallRun)} of what it costs at ${thousands(SMALL.orders)} (target: at most 200 %, "costs at most twice"): ${bigRun <= 2 * smallRun ? 'met' : '**not met**'}.`,
      '',
      ...writes.markdown,
      ...plans,
    ]);
  } finally {
    await api.close();
    await db.destroy();
    await small.db.destroy();
  }
}
