import os from 'node:os';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { EVENTS_PATH } from '../core/public-paths';
import { seedDemo } from '../scripts/seed-demo';
import { startOwnRedis } from '../test/support/redis-server';
import { ingestBenchEnv, load, orderBeacon, startServer, type Sample } from './ingest-vs-baseline';
import { median, ratio, thousands, writeBenchmarkSection } from './report';

/**
 * What `appendfsync always` (docker-compose.yml) costs ingest, side by side with `everysec`: the
 * same ingest against a Redis of its own with each setting (AOF on, the rest as deployed),
 * alternating, several rounds; order beacons at peak rate, and the CPU of ingest and of Redis
 * per 1,000 beacons. BENCHMARKS.md, section "redis-fsync". BENCH_ROUNDS, BENCH_SECONDS and
 * BENCH_CONNECTIONS size it as for the ingest benchmark.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const modes = ['everysec', 'always'] as const;

export async function runRedisFsyncBenchmark(): Promise<void> {
  console.log(`\n== ingest with Redis appendfsync everysec vs always: ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections`);
  // A database of this benchmark's own (dropped at the end): another branch's bench database may hold other migrations.
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/influtrace_bench_fsync_${process.pid}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  await migrateToLatest(db);
  const seed = await seedDemo(db, { storeUrl: 'https://shop.example.com', publicIngestUrl: 'http://127.0.0.1' });
  await db.destroy();
  const beacon = orderBeacon(seed.integrationId);

  const samples: Record<string, Sample[]> = {};
  const loadAtStart = os.loadavg()[0] as number;
  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`round ${round}/${ROUNDS}`);
    for (const mode of modes) {
      // A fresh Redis each time (AOF on its own temporary directory), so neither mode inherits a grown file.
      const redis = await startOwnRedis({ appendfsync: mode });
      const { url, child } = await startServer('ingest', { ...ingestBenchEnv, REDIS_URL: redis.url, DATABASE_URL: databaseUrl });
      try {
        (samples[mode] ??= []).push(await load({ url: `${url}${EVENTS_PATH}`, ...beacon }, `appendfsync ${mode}`, child.pid as number, redis.pid()));
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
        await redis.destroy();
      }
    }
  }

  const admin = createDb('postgres://postgres@127.0.0.1:5432/postgres', { min: 0, max: 1 });
  await admin.raw(`drop database if exists influtrace_bench_fsync_${process.pid} with (force)`);
  await admin.destroy();

  const m = (mode: string, field: keyof Sample) => median((samples[mode] ?? []).map((s) => s[field]));
  const rows = [
    `| beacons/s, peak (${CONNECTIONS} connections) | ${thousands(m('always', 'rps'))} | ${thousands(m('everysec', 'rps'))} | ${ratio(m('always', 'rps'), m('everysec', 'rps'))} |`,
    `| latency p50 / p99 | ${m('always', 'p50')} / ${m('always', 'p99')} ms | ${m('everysec', 'p50')} / ${m('everysec', 'p99')} ms | |`,
    `| ingest CPU per 1,000 beacons | ${m('always', 'serverCpuMsPer1k').toFixed(0)} ms | ${m('everysec', 'serverCpuMsPer1k').toFixed(0)} ms | ${ratio(m('always', 'serverCpuMsPer1k'), m('everysec', 'serverCpuMsPer1k'))} |`,
    `| Redis CPU per 1,000 beacons | ${m('always', 'redisCpuMsPer1k').toFixed(1)} ms | ${m('everysec', 'redisCpuMsPer1k').toFixed(1)} ms | ${ratio(m('always', 'redisCpuMsPer1k'), m('everysec', 'redisCpuMsPer1k'))} |`,
  ];
  await writeBenchmarkSection('redis-fsync', [
    '## Redis fsync: `appendfsync always` (deployed) against `everysec`',
    '',
    `Median of ${ROUNDS} rounds, ${SECONDS} s each, ${CONNECTIONS} connections, everysec and always alternating in the same run`,
    `(${new Date().toISOString().slice(0, 10)}), on the 2-core development machine shared with other work at the time (load average`,
    `${loadAtStart.toFixed(0)} at the start, ${(os.loadavg()[0] as number).toFixed(0)} at the end: noisy, read the ratios more than the absolute figures).`,
    'Each round starts a fresh redis-server of its own (AOF on a temporary directory, the rest',
    "of docker-compose.yml's settings) and one ingest process against it; beacons are orders from the registered origin (no",
    'consumer). Ingest puts the beacons of one event-loop turn in one job (core/tick-batcher.ts), so `always` costs one fsync per',
    'batch, not per beacon. The ratio column is always / everysec.',
    '',
    '| measure | always | everysec | always / everysec |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    '```sh',
    'BENCH_ONLY=redis-fsync npm run bench',
    '```',
  ]);
  console.log(`\n${rows.join('\n')}\n`);
}
