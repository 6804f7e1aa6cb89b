import { cpus, loadavg } from 'node:os';
import { startAdminApi } from '../admin-api/start-admin-api';
import { runPayouts } from '../core/commissions/payouts';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest, type Db } from '../core/db';
import { createLogger } from '../core/logger';
import { copyInto, dropDatabase, seedWorkspace, type SeededWorkspace } from './reads-seed';
import { thousands, writeBenchmarkSection } from './report';
import { planOf, statementsOf } from './statements-of';

/**
 * BENCH_ONLY=payouts npm run bench: a payout run over approved commissions, through the admin API
 * (POST /api/v1/payouts, and its preview first), in a bench database of its own made again each
 * time. Prints `payouts preview <n> ms`, `payouts run <n> ms`, the statements the run issues and the
 * plan of its big one (EXPLAIN ANALYZE in a transaction rolled back, before the timed run).
 * Sizes (defaults: the issue's): BENCH_PAYOUTS_COMMISSIONS=100000 BENCH_PAYOUTS_CREATORS=1000
 *   BENCH_PAYOUTS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/influtrace_bench_payouts)
 * Each creator's commissions: 4 in 5 in USD, 1 in 5 in EUR; one in 50 a clawback (netted); every
 * tenth creator earns 0.01 per sale, under the workspace's minimum payout of 20 USD / 20 EUR.
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const COMMISSIONS = env('BENCH_PAYOUTS_COMMISSIONS', 100_000);
const CREATORS = env('BENCH_PAYOUTS_CREATORS', 1000);
const databaseUrl = process.env.BENCH_PAYOUTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_payouts';

/** The n-th commission: its creator, currency, amount (minor units) and whether it is a clawback of the (n-1)-th. */
function commissionOf(n: number) {
  const creator = n % CREATORS;
  const currency = n % 5 === 4 ? 'EUR' : 'USD';
  const small = creator % 10 === 0;
  const clawback = n % 50 === 49;
  const amount = clawback ? -(small ? 1 : 150) : small ? 1 : 100 + (n % 400);
  return { creator, currency, amount, clawback };
}

async function seed(db: Db): Promise<SeededWorkspace> {
  const started = performance.now();
  const ws = await seedWorkspace(db, databaseUrl, 'p', { clicks: 0, orders: 0, days: 1, links: 1, creators: CREATORS, integrations: 1 }, Date.now());
  await db('workspaces')
    .where({ id: ws.workspaceId })
    .update({ minimum_payout: JSON.stringify({ USD: 20, EUR: 20 }), commission_hold_days: 0 });
  await db('webhook_endpoints').insert({
    id: 'whe_bench_payouts',
    workspace_id: ws.workspaceId,
    url: 'https://hooks.bench.test/payouts',
    events: ['payout.created', 'payout.paid'],
    secret_ciphertext: 'bench',
  });
  const at = new Date().toISOString();
  const integration = ws.integrationIds[0] as string;
  await copyInto(
    databaseUrl,
    'orders',
    ['id', 'workspace_id', 'integration_id', 'order_id', 'status', 'creator_id', 'attributed_by', 'value_minor', 'currency', 'reported_at', 'processed_at'],
    COMMISSIONS,
    (n) => {
      const c = commissionOf(n);
      return [`ord_p${n}`, ws.workspaceId, integration, `o${n}`, 'credited', ws.creatorIds[c.creator], 'coupon', 10_000, c.currency, at, at].join('\t');
    },
  );
  const rule = JSON.stringify({ type: 'percent', percent: 10 });
  await copyInto(
    databaseUrl,
    'commissions',
    [
      'id',
      'workspace_id',
      'order_row_id',
      'creator_id',
      'kind',
      'status',
      'currency',
      'amount_minor',
      'base_minor',
      'rule',
      'hold_until',
      'approved_at',
      'adjusts_commission_id',
    ],
    COMMISSIONS,
    (n) => {
      const c = commissionOf(n);
      // A clawback is on its own order's sale in real life; here it adjusts the first commission (a sale), which is enough for the shape.
      return [
        `com_p${n}`,
        ws.workspaceId,
        `ord_p${n}`,
        ws.creatorIds[c.creator],
        c.clawback ? 'clawback' : 'sale',
        'approved',
        c.currency,
        c.amount,
        10_000,
        rule,
        at,
        at,
        c.clawback ? 'com_p0' : '\\N',
      ].join('\t');
    },
  );
  await db.raw('vacuum analyze');
  console.log(
    `payouts: seeded ${thousands(COMMISSIONS)} approved commissions for ${thousands(CREATORS)} creators in ${Math.round(performance.now() - started)} ms`,
  );
  return ws;
}

export async function runPayoutsBenchmark(): Promise<void> {
  await dropDatabase(databaseUrl);
  await ensureDatabaseExists(databaseUrl);
  const db = createDb(databaseUrl, { min: 0, max: 4 });
  await migrateToLatest(db);
  const ws = await seed(db);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: 'influtrace-bench-payouts', LOG_LEVEL: 'error' });
  const api = await startAdminApi(config, createLogger({ level: 'error', name: 'bench-payouts' }), 0);
  try {
    // The statements a run issues and the plan of its big one, in a transaction rolled back (nothing kept).
    const rolledBack = new Error('rolled back');
    const statements = await statementsOf(db, () =>
      db
        .transaction((trx) => runPayouts(trx as unknown as Db, { workspaceId: ws.workspaceId }).then(() => Promise.reject(rolledBack)))
        .catch((err) => {
          if (err !== rolledBack) throw err;
        }),
    );
    const run = statements.find((s) => /insert into payouts/.test(s.sql));
    if (!run) throw new Error('payouts: the run statement was not seen');
    let plan = '';
    await db
      .transaction(async (trx) => {
        plan = (await planOf(trx as unknown as Db, run, true)) as string;
        throw rolledBack;
      })
      .catch((err) => {
        if (err !== rolledBack) throw err;
      });
    await db.raw('vacuum analyze commissions, payouts');

    const call = async (method: 'GET' | 'POST', path: string) => {
      const started = performance.now();
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      const body = (await response.json()) as { data: { amount: number; commissionCount: number }[] };
      const ms = performance.now() - started;
      if (response.status !== (method === 'POST' ? 201 : 200)) throw new Error(`payouts: ${method} ${path} → ${response.status} ${JSON.stringify(body)}`);
      return { ms, data: body.data };
    };
    const load = loadavg()[0]!;
    const preview = await call('GET', '/api/v1/payouts/preview');
    const made = await call('POST', '/api/v1/payouts');
    const assigned = Number((await db('commissions').whereNotNull('payout_id').count<{ count: string }[]>('* as count'))[0]!.count);
    const events = Number((await db('webhook_events').where({ type: 'payout.created' }).count<{ count: string }[]>('* as count'))[0]!.count);
    const inPayouts = made.data.reduce((sum, p) => sum + p.commissionCount, 0);
    if (assigned !== inPayouts || made.data.length !== preview.data.length || events !== made.data.length)
      throw new Error(
        `payouts: ${assigned} commissions assigned, ${inPayouts} in the payouts, ${made.data.length} payouts, ${preview.data.length} previewed, ${events} events`,
      );

    const lines = [
      `payouts preview ${preview.data.length} payouts ${Math.round(preview.ms)} ms (load average ${load.toFixed(1)} on ${cpus().length} cores)`,
      `payouts run ${thousands(inPayouts)} commissions into ${made.data.length} payouts (${events} payout.created events) ${Math.round(made.ms)} ms`,
      `payouts run statements ${statements.length}: ${statements.map((s) => s.sql.replace(/\s+/g, ' ').slice(0, 60)).join(' | ')}`,
    ];
    for (const line of lines) console.log(line);
    console.log(plan);
    await writeBenchmarkSection('payouts', [
      '## Payout run (issue 27)',
      '',
      `\`BENCH_ONLY=payouts npm run bench\`: ${thousands(COMMISSIONS)} approved commissions (4 in 5 USD, 1 in 5 EUR, one in 50 a clawback) for ${thousands(CREATORS)} creators, seeded by COPY in a database of its own (\`influtrace_bench_payouts\`), \`VACUUM ANALYZE\`d; a webhook endpoint takes \`payout.created\`; minimum payout 20 USD / 20 EUR, which every tenth creator does not reach. One preview and one run through the admin API (\`GET /api/v1/payouts/preview\`, \`POST /api/v1/payouts\`), wall time of the request (the payout.created deliveries are started after the answer). Machine: ${cpus().length} cores, load average ${load.toFixed(1)} when the preview began.`,
      '',
      '| step | payouts | commissions | ms |',
      '| ---- | ------: | ----------: | -: |',
      `| preview | ${preview.data.length} | ${thousands(preview.data.reduce((sum, p) => sum + p.commissionCount, 0))} | ${Math.round(preview.ms)} |`,
      `| run | ${made.data.length} | ${thousands(inPayouts)} | ${Math.round(made.ms)} |`,
      '',
      `The run's statements (${statements.length}, one transaction): ${statements.map((s) => `\`${s.sql.replace(/\s+/g, ' ').slice(0, 70)}…\``).join(', ')}. The plan of the run statement (EXPLAIN ANALYZE, rolled back):`,
      '',
      '```text',
      plan,
      '```',
    ]);
  } finally {
    await api.close();
    await db.destroy();
  }
}
