import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest, type Db } from '../core/db';
import { randomString } from '../core/domain/ids';
import { EVENTS_PATH } from '../core/public-paths';
import { queueNames } from '../core/queues';
import { seedDemo } from '../scripts/seed-demo';
import { startServer } from './ingest-vs-baseline';
import { median, ratio, thousands, writeBenchmarkSection } from './report';

/**
 * A real store's beacons at a fixed rate, alone and then beside a flood of made-up integration
 * ids (half random 64-character strings, half shaped like `int_…`), in the same run, alternating,
 * several rounds. Also counts the queries ingest sent to the integrations table during each phase
 * (pg_stat_user_tables). Its own database and queue prefix: other runs are not disturbed.
 *   BENCH_JUNK_ROUNDS (3), BENCH_JUNK_SECONDS (5), BENCH_JUNK_STORE_RATE (300 req/s)
 */
const ROUNDS = Number(process.env.BENCH_JUNK_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_JUNK_SECONDS ?? 5);
const STORE_RATE = Number(process.env.BENCH_JUNK_STORE_RATE ?? 300);
const FLOOD_CONNECTIONS = 20;
const env = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_JUNK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_junk',
  QUEUE_PREFIX: 'influtrace-bench-junk',
};
const config = loadConfig(env);

type Phase = { p50: number; p99: number; rps: number; non2xx: number; floodRequests: number; integrationQueries: number };

/** Index and sequential scans of the integrations table so far: one per query ingest sent it. */
async function integrationScans(db: Db): Promise<number> {
  // Statistics reach the view within about a second of the statement.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await db.raw('select pg_stat_clear_snapshot()');
  const row = await db('pg_stat_user_tables').where({ relname: 'integrations' }).first('seq_scan', 'idx_scan');
  return Number(row?.seq_scan ?? 0) + Number(row?.idx_scan ?? 0);
}

function junkFlood(url: string): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: `${url}${EVENTS_PATH}`,
    connections: FLOOD_CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://junk.example.com' },
        setupRequest: (request) => {
          n += 1;
          const id = n % 2 ? randomString(64) : `int_${randomString(20)}`;
          return { ...request, body: JSON.stringify({ id, type: 'ping', url: 'https://junk.example.com/' }) };
        },
      },
    ],
  });
}

async function phase(url: string, db: Db, body: string, withFlood: boolean): Promise<Phase> {
  const scans0 = await integrationScans(db);
  const flood = withFlood ? junkFlood(url) : null;
  const store = await autocannon({
    url: `${url}${EVENTS_PATH}`,
    connections: 10,
    duration: SECONDS,
    overallRate: STORE_RATE,
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: 'https://shop.example.com' },
    body,
  });
  const floodResult = flood ? await flood : null;
  const scans = (await integrationScans(db)) - scans0;
  const sample = {
    p50: store.latency.p50,
    p99: store.latency.p99,
    rps: store.requests.average,
    non2xx: store.non2xx,
    floodRequests: floodResult?.requests.total ?? 0,
    integrationQueries: scans,
  };
  console.log(
    `  ${withFlood ? 'with flood' : 'alone     '}: store p50 ${sample.p50} ms, p99 ${sample.p99} ms, ${thousands(sample.rps)} req/s, ${sample.non2xx} non-2xx; ` +
      `flood ${thousands(sample.floodRequests)} requests; ${sample.integrationQueries} integration queries`,
  );
  return sample;
}

export async function runJunkIdsBenchmark(): Promise<void> {
  console.log(`\n== a real store's beacons beside a flood of made-up integration ids: ${ROUNDS} rounds × ${SECONDS} s`);
  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  await migrateToLatest(db);
  const seed = await seedDemo(db, { storeUrl: 'https://shop.example.com', publicIngestUrl: 'http://127.0.0.1' });
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const orders = new Queue(queueNames.orders, { connection: redis, prefix: config.queuePrefix });
  const pings = new Queue(queueNames.pings, { connection: redis, prefix: config.queuePrefix });
  const body = JSON.stringify({
    id: seed.integrationId,
    type: 'order',
    url: 'https://shop.example.com/thanks',
    order: { orderId: 'JUNK-1', value: 79, currency: 'USD' },
  });

  const alone: Phase[] = [];
  const flooded: Phase[] = [];
  const { url, child } = await startServer('ingest', env);
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`round ${round}/${ROUNDS}`);
      alone.push(await phase(url, db, body, false));
      flooded.push(await phase(url, db, body, true));
      await orders.obliterate({ force: true });
      await pings.obliterate({ force: true });
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await orders.close();
    await pings.close();
    redis.disconnect();
    await db.destroy();
  }

  const m = (phases: Phase[], field: keyof Phase) => median(phases.map((p) => p[field]));
  const rows = [
    `| store beacons at ${STORE_RATE} req/s: p50 | ${m(alone, 'p50')} ms | ${m(flooded, 'p50')} ms | ${ratio(m(flooded, 'p50') || 1, m(alone, 'p50') || 1)} |`,
    `| store beacons at ${STORE_RATE} req/s: p99 | ${m(alone, 'p99')} ms | ${m(flooded, 'p99')} ms | ${ratio(m(flooded, 'p99') || 1, m(alone, 'p99') || 1)} |`,
    `| store beacons answered | ${thousands(m(alone, 'rps'))} req/s | ${thousands(m(flooded, 'rps'))} req/s | ${ratio(m(flooded, 'rps'), m(alone, 'rps'))} |`,
    `| made-up ids sent in ${SECONDS} s | | ${thousands(m(flooded, 'floodRequests'))} | |`,
    `| queries to the integrations table | ${thousands(m(alone, 'integrationQueries'))} | ${thousands(m(flooded, 'integrationQueries'))} | |`,
  ];
  await writeBenchmarkSection('junk-ids', [
    `## A real store's beacons beside a flood of made-up integration ids`,
    '',
    `Median of ${ROUNDS} rounds, ${SECONDS} s each phase, on a shared, noisy 2-core machine (${new Date().toISOString().slice(0, 10)}; other`,
    'sessions were running tests at the same time). One ingest process; the store sends order beacons at a fixed rate over 10',
    `connections, alone and then while ${FLOOD_CONNECTIONS} more connections send pings with made-up ids as fast as ingest answers`,
    '(half random 64-character strings, half shaped like `int_…`). Queries are the index and sequential scans of `integrations`',
    'in `pg_stat_user_tables` during the phase. The last column is with flood / alone.',
    '',
    '| measure | alone | with the flood | ratio |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    '```sh',
    'BENCH_ONLY=junk-ids npm run bench',
    '```',
  ]);
  console.log(`\n${rows.join('\n')}\n`);
}
