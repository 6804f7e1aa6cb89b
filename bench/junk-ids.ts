import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { randomString } from '../core/domain/ids';
import { EVENTS_PATH } from '../core/public-paths';
import { queueNames } from '../core/queues';
import { seedDemo } from '../scripts/seed-demo';
import { startServer } from './ingest-vs-baseline';
import { cpuSeconds } from './process-stats';
import { median, ratio, thousands, writeBenchmarkSection } from './report';

/**
 * A real store's beacons at a fixed rate, alone and then beside a flood of made-up integration
 * ids (half random 64-character strings, half shaped like `int_…`), in the same run, alternating,
 * several rounds. Also counts the lookups ingest sent to PostgreSQL during each phase (its
 * influtrace_integration_lookups_total{result="queried"}). Its own database and queue prefix: other runs are not disturbed.
 *   BENCH_JUNK_ROUNDS (3), BENCH_JUNK_SECONDS (5), BENCH_JUNK_STORE_RATE (300 req/s), BENCH_JUNK_FLOOD_RATE (1,000 req/s)
 */
const ROUNDS = Number(process.env.BENCH_JUNK_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_JUNK_SECONDS ?? 5);
const STORE_RATE = Number(process.env.BENCH_JUNK_STORE_RATE ?? 300);
const FLOOD_RATE = Number(process.env.BENCH_JUNK_FLOOD_RATE ?? 1000);
const FLOOD_CONNECTIONS = 20;
const env = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_JUNK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_junk',
  QUEUE_PREFIX: 'influtrace-bench-junk',
};
const config = loadConfig(env);

type Phase = { p50: number; p99: number; rps: number; non2xx: number; floodRequests: number; integrationQueries: number; cpuMsPer1k: number };

/** Integration lookups ingest sent to PostgreSQL so far (its own counter, /metrics). */
async function integrationQueries(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^influtrace_integration_lookups_total\{result="queried"\} (\d+)/m.exec(text);
  return Number(match?.[1] ?? 0);
}

function junkFlood(url: string): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: `${url}${EVENTS_PATH}`,
    connections: FLOOD_CONNECTIONS,
    duration: SECONDS,
    overallRate: FLOOD_RATE,
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

/** One phase: the store's beacons, the flood, or both at once; also ingest's CPU per 1,000 requests it answered. */
async function phase(url: string, pid: number, body: string, parts: { store: boolean; flood: boolean }): Promise<Phase> {
  const queries0 = await integrationQueries(url);
  const cpu0 = cpuSeconds(pid);
  const flood = parts.flood ? junkFlood(url) : null;
  const store = await (parts.store
    ? autocannon({
        url: `${url}${EVENTS_PATH}`,
        connections: 10,
        duration: SECONDS,
        overallRate: STORE_RATE,
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://shop.example.com' },
        body,
      })
    : null);
  const floodResult = flood ? await flood : null;
  const answered = (store?.requests.total ?? 0) + (floodResult?.requests.total ?? 0);
  const cpuMsPer1k = ((cpuSeconds(pid) - cpu0) * 1000 * 1000) / Math.max(1, answered);
  const queries = (await integrationQueries(url)) - queries0;
  const sample = {
    p50: store?.latency.p50 ?? 0,
    p99: store?.latency.p99 ?? 0,
    rps: store?.requests.average ?? 0,
    non2xx: store?.non2xx ?? 0,
    floodRequests: floodResult?.requests.total ?? 0,
    integrationQueries: queries,
    cpuMsPer1k,
  };
  const label = parts.store && parts.flood ? 'store + flood' : parts.store ? 'store alone  ' : 'flood alone  ';
  console.log(
    `  ${label}: store p50 ${sample.p50} ms, p99 ${sample.p99} ms, ${thousands(sample.rps)} req/s, ${sample.non2xx} non-2xx; ` +
      `flood ${thousands(sample.floodRequests)} requests; ${sample.integrationQueries} integration queries; ingest CPU ${cpuMsPer1k.toFixed(0)} ms/1k`,
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
  const floodOnly: Phase[] = [];
  const { url, child } = await startServer('ingest', env);
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`round ${round}/${ROUNDS}`);
      alone.push(await phase(url, child.pid as number, body, { store: true, flood: false }));
      floodOnly.push(await phase(url, child.pid as number, body, { store: false, flood: true }));
      flooded.push(await phase(url, child.pid as number, body, { store: true, flood: true }));
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
    `| ingest CPU per 1,000 requests: store beacons alone / made-up ids alone | ${m(alone, 'cpuMsPer1k').toFixed(0)} ms | ${m(floodOnly, 'cpuMsPer1k').toFixed(0)} ms | ${ratio(m(floodOnly, 'cpuMsPer1k'), m(alone, 'cpuMsPer1k'))} |`,
    `| integration lookups sent to PostgreSQL | ${thousands(m(alone, 'integrationQueries'))} | ${thousands(m(flooded, 'integrationQueries'))} | |`,
  ];
  await writeBenchmarkSection('junk-ids', [
    `## A real store's beacons beside a flood of made-up integration ids`,
    '',
    `Median of ${ROUNDS} rounds, ${SECONDS} s each phase, on a shared, noisy 2-core machine (${new Date().toISOString().slice(0, 10)}; other`,
    'sessions were running tests at the same time). One ingest process; the store sends order beacons at a fixed rate over 10',
    `connections, alone and then while ${FLOOD_CONNECTIONS} more connections send ${thousands(FLOOD_RATE)} pings a second with made-up ids`,
    "(half random 64-character strings, half shaped like `int_…`), from the same bench process. Queries are ingest's own count of",
    'integration lookups sent to PostgreSQL (`influtrace_integration_lookups_total{result="queried"}`) during the phase; the',
    'lookup budget is 200 a second after a burst of 1,000. The last column is with flood / alone.',
    `The machine's load average at the end of the run was ${loadavg()[0]?.toFixed(1)} (2 cores): where the store alone is answered below`,
    'its fixed rate, the machine was saturated, and any extra traffic, junk or not, slows it. What the cache changes is the',
    'CPU row (a made-up id costs about what a real beacon costs) and the lookups row (bounded by the budget, not one per id).',
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
