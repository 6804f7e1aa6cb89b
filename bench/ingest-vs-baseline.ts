import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { EVENTS_PATH } from '../core/public-paths';
import { queueNames } from '../core/queues';
import { seedDemo } from '../scripts/seed-demo';
import { profiling } from './profiling';
import { cpuSeconds, peakRssMiB, pidsMatching } from './process-stats';
import { median, ratio, thousands, writeBenchmarkSection } from './report';

/**
 * Ingest and the tracking redirect side by side with a bare Koa baseline, in the same run,
 * alternating, several rounds; medians and ratios go into BENCHMARKS.md (section "ingest").
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const root = path.resolve(__dirname, '..');
export const ingestBenchEnv = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench',
  QUEUE_PREFIX: 'influtrace-bench',
};
const env = ingestBenchEnv;
export const config = loadConfig(env);

export type Target = 'baseline' | 'ingest';
export type Sample = { rps: number; p50: number; p99: number; errors: number; non2xx: number; serverCpuMsPer1k: number; redisCpuMsPer1k: number };

/**
 * `target` in a process of its own (bench/servers.ts); `environment` replaces this benchmark's
 * database and queue prefix; `tree`, another checkout of the project (a "before"), runs its own
 * bench/servers.ts with its own dependencies.
 */
export async function startServer(target: Target, environment: NodeJS.ProcessEnv = env, tree = root): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(tree, 'bench/servers.ts'), target], {
    cwd: tree,
    env: { ...environment, ...profiling(target) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /READY (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
  return { url, child };
}

/** One autocannon run; also the CPU the server and Redis spent on it, per 1,000 requests (robust to a noisy machine). */
export async function load(options: autocannon.Options, label: string, serverPid: number, redisPid: number | undefined): Promise<Sample> {
  process.stdout.write(`  ${label} ... `);
  const server0 = cpuSeconds(serverPid);
  const redis0 = redisPid ? cpuSeconds(redisPid) : 0;
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const per1k = (seconds: number) => (seconds * 1000 * 1000) / Math.max(1, result.requests.total);
  const sample = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    serverCpuMsPer1k: per1k(cpuSeconds(serverPid) - server0),
    redisCpuMsPer1k: redisPid ? per1k(cpuSeconds(redisPid) - redis0) : 0,
  };
  console.log(
    `${thousands(sample.rps)} req/s, p50 ${sample.p50} ms, p99 ${sample.p99} ms, server CPU ${sample.serverCpuMsPer1k.toFixed(0)} ms/1k` +
      `${sample.errors || sample.non2xx ? `, ${sample.errors} errors, ${sample.non2xx} non-2xx` : ''}`,
  );
  return sample;
}

/** The request autocannon sends: an order beacon from the demo store's registered origin. */
export function orderBeacon(integrationId: string) {
  const body = JSON.stringify({
    id: integrationId,
    type: 'order',
    url: 'https://shop.example.com/thanks',
    order: { orderId: 'BENCH-1', value: 79, currency: 'USD' },
  });
  return { method: 'POST' as const, headers: { 'content-type': 'text/plain', origin: 'https://shop.example.com' }, body };
}

/** The bench database migrated and seeded with the demo workspace (its integration and link). */
export async function seedBenchDatabase(): Promise<Awaited<ReturnType<typeof seedDemo>>> {
  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  await migrateToLatest(db);
  const seed = await seedDemo(db, { storeUrl: 'https://shop.example.com', publicIngestUrl: 'http://127.0.0.1' });
  await db.destroy();
  return seed;
}

export async function runIngestBenchmark(): Promise<void> {
  console.log(`\n== ingest and redirects vs bare Koa: ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections`);
  const seed = await seedBenchDatabase();
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const orders = new Queue(queueNames.orders, { connection: redis, prefix: config.queuePrefix });
  const clicks = new Queue(queueNames.clicks, { connection: redis, prefix: config.queuePrefix });
  const redisPid = pidsMatching('redis-server', ':6379')[0];

  const beacon = orderBeacon(seed.integrationId);
  const samples: Record<string, Sample[]> = {};
  const add = (key: string, sample: Sample) => (samples[key] ??= []).push(sample);
  const rss: number[] = [];

  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`round ${round}/${ROUNDS}`);
    for (const target of ['baseline', 'ingest'] as const) {
      const { url, child } = await startServer(target);
      const pid = child.pid as number;
      const peak = await load({ url: `${url}${EVENTS_PATH}`, ...beacon }, `${target} beacons, ${CONNECTIONS} connections`, pid, redisPid);
      add(`${target}:beacons`, peak);
      add(`${target}:redirects`, await load({ url: `${url}/r/${seed.linkCode}` }, `${target} redirects`, pid, redisPid));
      const halfRate = Math.round(peak.rps / 2);
      add(
        `${target}:beacons-half`,
        await load({ url: `${url}${EVENTS_PATH}`, ...beacon, overallRate: halfRate }, `${target} beacons at ${halfRate} req/s`, pid, redisPid),
      );
      if (target === 'ingest') rss.push(peakRssMiB(pid));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await orders.obliterate({ force: true });
      await clicks.obliterate({ force: true });
    }
  }
  await orders.close();
  await clicks.close();
  redis.disconnect();

  const m = (key: string, field: keyof Sample) => median((samples[key] ?? []).map((s) => s[field]));
  const cpu = (key: string) => `${m(key, 'serverCpuMsPer1k').toFixed(0)} ms (+ Redis ${m(key, 'redisCpuMsPer1k').toFixed(0)} ms)`;
  const rows = [
    `| beacons, peak (${CONNECTIONS} connections) | ${thousands(m('ingest:beacons', 'rps'))} req/s | ${thousands(m('baseline:beacons', 'rps'))} req/s | ${ratio(m('ingest:beacons', 'rps'), m('baseline:beacons', 'rps'))} | p50 ${m('ingest:beacons', 'p50')} / p99 ${m('ingest:beacons', 'p99')} ms |`,
    `| beacons at half of each one's own peak rate | p50 ${m('ingest:beacons-half', 'p50')} ms, p99 ${m('ingest:beacons-half', 'p99')} ms | p50 ${m('baseline:beacons-half', 'p50')} ms, p99 ${m('baseline:beacons-half', 'p99')} ms | | |`,
    `| tracking redirects, peak | ${thousands(m('ingest:redirects', 'rps'))} req/s | ${thousands(m('baseline:redirects', 'rps'))} req/s | ${ratio(m('ingest:redirects', 'rps'), m('baseline:redirects', 'rps'))} | p50 ${m('ingest:redirects', 'p50')} / p99 ${m('ingest:redirects', 'p99')} ms |`,
    `| CPU per 1,000 beacons at peak | ${cpu('ingest:beacons')} | ${cpu('baseline:beacons')} | ${ratio(m('baseline:beacons', 'serverCpuMsPer1k'), m('ingest:beacons', 'serverCpuMsPer1k'))} | |`,
    `| CPU per 1,000 redirects at peak | ${cpu('ingest:redirects')} | ${cpu('baseline:redirects')} | ${ratio(m('baseline:redirects', 'serverCpuMsPer1k'), m('ingest:redirects', 'serverCpuMsPer1k'))} | |`,
    `| ingest peak RSS | ${Math.round(median(rss))} MiB | | | |`,
  ];
  await writeBenchmarkSection('ingest', [
    `## Ingest and tracking redirect against a bare Koa baseline`,
    '',
    `Median of ${ROUNDS} rounds, ${SECONDS} s each, ${CONNECTIONS} connections, autocannon in the bench process, each server in a`,
    `process of its own, baseline and ingest alternating in the same run on this 2-core machine (${new Date().toISOString().slice(0, 10)}).`,
    'Each beacon is an order from the registered origin, queued in BullMQ on the local Redis (no consumer running; queues emptied',
    'between runs). The CPU rows are the CPU time the server process (and Redis) spent per 1,000 requests: less sensitive to a',
    'busy machine than requests per second; their ratio column is bare / ingest.',
    '',
    '| measure | ingest | bare Koa | ingest / bare | ingest latency |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    '```sh',
    'BENCH_ONLY=ingest npm run bench',
    '```',
  ]);
  console.log(`\n${rows.join('\n')}\n`);
}
