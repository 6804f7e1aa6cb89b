import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { EVENTS_PATH } from '../core/public-paths';
import { queueNames } from '../core/queues';
import { seedDemo } from '../scripts/seed-demo';

/**
 * npm run bench: ingest and the tracking redirect side by side with a bare Koa baseline, in the
 * same run, alternating, several rounds; medians and ratios go into BENCHMARKS.md.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const root = path.resolve(__dirname, '..');
const env = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench',
  QUEUE_PREFIX: 'influtrace-bench',
};
const config = loadConfig(env);

type Target = 'baseline' | 'ingest';
type Sample = { rps: number; p50: number; p99: number; errors: number; non2xx: number };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function startServer(target: Target): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/servers.ts'), target], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /READY (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
  return { url, child };
}

/** Peak resident memory of a process, from the kernel's high-water mark. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function load(options: autocannon.Options, label: string): Promise<Sample> {
  process.stdout.write(`  ${label} ... `);
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const sample = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
  console.log(`${Math.round(sample.rps)} req/s, p50 ${sample.p50} ms, p99 ${sample.p99} ms${sample.errors ? `, ${sample.errors} errors` : ''}`);
  return sample;
}

async function main(): Promise<void> {
  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  await migrateToLatest(db);
  const seed = await seedDemo(db, { storeUrl: 'https://shop.example.com', publicIngestUrl: 'http://127.0.0.1' });
  await db.destroy();
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const orders = new Queue(queueNames.orders, { connection: redis, prefix: config.queuePrefix });
  const clicks = new Queue(queueNames.clicks, { connection: redis, prefix: config.queuePrefix });

  const body = JSON.stringify({
    id: seed.integrationId,
    type: 'order',
    url: 'https://shop.example.com/thanks',
    order: { orderId: 'BENCH-1', value: 79, currency: 'USD' },
  });
  const beacon = { method: 'POST' as const, headers: { 'content-type': 'text/plain', origin: 'https://shop.example.com' }, body };
  const samples: Record<string, Sample[]> = {};
  const add = (key: string, sample: Sample) => (samples[key] ??= []).push(sample);
  const rss: number[] = [];

  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`round ${round}/${ROUNDS}`);
    for (const target of ['baseline', 'ingest'] as const) {
      const { url, child } = await startServer(target);
      const peak = await load({ url: `${url}${EVENTS_PATH}`, ...beacon }, `${target} beacons, ${CONNECTIONS} connections`);
      add(`${target}:beacons`, peak);
      add(`${target}:redirects`, await load({ url: `${url}/r/${seed.linkCode}` }, `${target} redirects`));
      const halfRate = Math.round(peak.rps / 2);
      add(`${target}:beacons-half`, await load({ url: `${url}${EVENTS_PATH}`, ...beacon, overallRate: halfRate }, `${target} beacons at ${halfRate} req/s`));
      if (target === 'ingest' && child.pid) rss.push(peakRssMiB(child.pid));
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
  const ratio = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
  const rows = [
    `| beacons, peak (${CONNECTIONS} connections) | ${Math.round(m('ingest:beacons', 'rps'))} req/s | ${Math.round(m('baseline:beacons', 'rps'))} req/s | ${ratio(m('ingest:beacons', 'rps'), m('baseline:beacons', 'rps'))} | p50 ${m('ingest:beacons', 'p50')} / p99 ${m('ingest:beacons', 'p99')} ms |`,
    `| beacons at half of each one's own peak rate | p50 ${m('ingest:beacons-half', 'p50')} ms, p99 ${m('ingest:beacons-half', 'p99')} ms | p50 ${m('baseline:beacons-half', 'p50')} ms, p99 ${m('baseline:beacons-half', 'p99')} ms | | |`,
    `| tracking redirects, peak | ${Math.round(m('ingest:redirects', 'rps'))} req/s | ${Math.round(m('baseline:redirects', 'rps'))} req/s | ${ratio(m('ingest:redirects', 'rps'), m('baseline:redirects', 'rps'))} | p50 ${m('ingest:redirects', 'p50')} / p99 ${m('ingest:redirects', 'p99')} ms |`,
    `| ingest peak RSS | ${Math.round(median(rss))} MiB | | | |`,
  ];
  const section = [
    '<!-- bench:ingest:start -->',
    `## Ingest and tracking redirect against a bare Koa baseline`,
    '',
    `Median of ${ROUNDS} rounds, ${SECONDS} s each, ${CONNECTIONS} connections, autocannon in its own process, baseline and ingest`,
    `alternating in the same run on this 2-core machine (${new Date().toISOString().slice(0, 10)}). Each beacon is an order from the`,
    `registered origin, queued in BullMQ on the local Redis (no consumer running; queues emptied between runs).`,
    '',
    '| measure | ingest | bare Koa | ingest / bare | ingest latency |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    '```sh',
    'npm run bench',
    '```',
    '<!-- bench:ingest:end -->',
  ].join('\n');
  const file = path.join(root, 'BENCHMARKS.md');
  const current = readFileSync(file, 'utf8');
  const next = /<!-- bench:ingest:start -->[\s\S]*<!-- bench:ingest:end -->/.test(current)
    ? current.replace(/<!-- bench:ingest:start -->[\s\S]*<!-- bench:ingest:end -->/, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log(`\n${rows.join('\n')}\n\nBENCHMARKS.md updated.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
