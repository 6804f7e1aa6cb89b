import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { clickIntakeKey } from '../core/clicks/click-intake';
import { queueNames } from '../core/queues';
import { config, ingestBenchEnv, load, seedBenchDatabase, startServer, type Sample, type Target } from './ingest-vs-baseline';
import { pidsMatching } from './process-stats';
import { median, ratio, thousands, writeBenchmarkSection } from './report';

/** The machine's one-minute load average when the bench began: says whether the run had the machine to itself. */
const LOAD_AT_START = loadavg()[0]!;

/**
 * BENCH_ONLY=redirects npm run bench: the tracking redirect alone against the bare Koa baseline,
 * alternating in one run: a person's click (Chrome's User-Agent: rate limit, unique-click
 * decision, queued click) and a link preview (Slackbot: filtered, no click). BENCH_REDIRECTS_LABEL
 * names the BENCHMARKS.md section (`redirects-<label>`). BENCH_BEFORE_TREE, another checkout of
 * the project (a git worktree of the "before" commit, its `npm ci` done), adds its ingest to every
 * round, between the baseline and this tree's: before and after measured side by side in one run,
 * so that the machine's drift between runs does not decide the comparison. The "before" runs on a
 * database of its own (the bench database's name + `_before`), migrated and seeded by its own
 * code, so that a commit with an older schema (even one from before issue 28) can be the "before".
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Each server first answers this long unmeasured, so that its JIT warm-up is not counted against whichever load comes first (the person's). */
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 1);
const LABEL = process.env.BENCH_REDIRECTS_LABEL ?? 'current';
/**
 * BENCH_RATE: every server is sent this many requests a second (autocannon's overallRate) instead
 * of as many as it can answer. At a rate every server holds, the CPU per 1,000 redirects compares
 * them without the swings of a saturated event loop (batch sizes, GC); throughput then says nothing.
 */
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
/** The sizing given, repeated in the command printed with the figures. */
const SIZING = ['BENCH_ROUNDS', 'BENCH_SECONDS', 'BENCH_CONNECTIONS', 'BENCH_RATE', 'BENCH_WARM_UP_SECONDS']
  .filter((name) => process.env[name] !== undefined)
  .map((name) => `${name}=${process.env[name]} `)
  .join('');
const PERSON = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PREVIEW = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const BEFORE_TREE = process.env.BENCH_BEFORE_TREE;
/** How the "before" is named in the table: its commit. */
const BEFORE_LABEL = BEFORE_TREE ? execFileSync('git', ['-C', BEFORE_TREE, 'rev-parse', '--short', 'HEAD']).toString().trim() : '';
const BEFORE_DATABASE_URL = `${config.databaseUrl}_before`;

/** Seeds the demo workspace into the "before" tree's own database with that tree's code; returns its link's code. */
function seedBeforeTree(tree: string): string {
  const seed = `
    const { createDb, ensureDatabaseExists, migrateToLatest } = require('./core/db');
    const { seedDemo } = require('./scripts/seed-demo');
    (async () => {
      await ensureDatabaseExists(process.env.DATABASE_URL);
      const db = createDb(process.env.DATABASE_URL, { min: 0, max: 2 });
      await migrateToLatest(db);
      const seed = await seedDemo(db, { storeUrl: 'https://shop.example.com', publicIngestUrl: 'http://127.0.0.1' });
      await db.destroy();
      console.log('LINK ' + seed.linkCode);
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', seed], {
    cwd: tree,
    env: { ...process.env, DATABASE_URL: BEFORE_DATABASE_URL },
  }).toString();
  const code = /LINK (\S+)/.exec(out)?.[1];
  if (!code) throw new Error(`the before tree ${tree} did not seed a link: ${out}`);
  return code;
}
export async function runRedirectBenchmark(): Promise<void> {
  console.log(`\n== redirects vs bare Koa (${LABEL}): ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections`);
  const seed = await seedBenchDatabase();
  const beforeLinkCode = BEFORE_TREE ? seedBeforeTree(BEFORE_TREE) : '';
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const clicks = new Queue(queueNames.clicks, { connection: redis, prefix: config.queuePrefix });
  const redisPid = pidsMatching('redis-server', ':6379')[0];
  const samples: Record<string, Sample[]> = {};
  const add = (key: string, sample: Sample) => (samples[key] ??= []).push(sample);

  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`round ${round}/${ROUNDS}`);
    const targets: Array<[name: 'baseline' | 'before' | 'ingest', target: Target]> = [
      ['baseline', 'baseline'],
      ...(BEFORE_TREE ? [['before', 'ingest'] as [name: 'before', target: Target]] : []),
      ['ingest', 'ingest'],
    ];
    for (const [name, target] of targets) {
      const before = name === 'before';
      const { url, child } = await startServer(
        target,
        before ? { ...ingestBenchEnv, DATABASE_URL: BEFORE_DATABASE_URL } : undefined,
        before ? BEFORE_TREE : undefined,
      );
      const pid = child.pid as number;
      const linkCode = before ? beforeLinkCode : seed.linkCode;
      const redirect = (ua: string) => ({
        url: `${url}/r/${linkCode}`,
        headers: { 'user-agent': ua },
        connections: CONNECTIONS,
        duration: SECONDS,
        ...(RATE ? { overallRate: RATE } : {}),
      });
      if (WARM_UP_SECONDS > 0) await load({ ...redirect(PERSON), duration: WARM_UP_SECONDS }, `${name} warm-up (not counted)`, pid, redisPid);
      add(`${name}:person`, await load(redirect(PERSON), `${name} redirects, a person`, pid, redisPid));
      if (target === 'ingest') add(`${name}:preview`, await load(redirect(PREVIEW), `${name} redirects, a link preview`, pid, redisPid));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await clicks.obliterate({ force: true });
      // Nobody relays the click intake here (no queue consumer runs): empty it, as the queue.
      await redis.del(clickIntakeKey(config.queuePrefix));
    }
  }
  await clicks.close();
  redis.disconnect();

  const m = (key: string, field: keyof Sample) => median((samples[key] ?? []).map((s) => s[field]));
  const cpu = (key: string) => `${m(key, 'serverCpuMsPer1k').toFixed(0)} ms (+ Redis ${m(key, 'redisCpuMsPer1k').toFixed(0)} ms)`;
  const row = (what: string, key: string) =>
    `| ${what} | ${thousands(m(key, 'rps'))} req/s | ${ratio(m(key, 'rps'), m('baseline:person', 'rps'))} | p50 ${m(key, 'p50')} / p99 ${m(key, 'p99')} ms | ${cpu(key)} |`;
  const rows = [
    row('bare Koa redirect', 'baseline:person'),
    ...(BEFORE_TREE
      ? [
          row(`before (${BEFORE_LABEL}), a person's click (Chrome)`, 'before:person'),
          row(`before (${BEFORE_LABEL}), a link preview (Slackbot)`, 'before:preview'),
        ]
      : []),
    row("ingest, a person's click (Chrome)", 'ingest:person'),
    ...(samples['ingest:preview'] ? [row('ingest, a link preview (Slackbot)', 'ingest:preview')] : []),
  ];
  await writeBenchmarkSection(`redirects-${LABEL}`, [
    `### Tracking redirects (${LABEL}), against a bare Koa redirect in the same run`,
    '',
    `Median of ${ROUNDS} rounds, ${SECONDS} s each (after ${WARM_UP_SECONDS} s unmeasured per server), ${CONNECTIONS} connections, baseline${BEFORE_TREE ? `, ingest before (${BEFORE_LABEL})` : ''} and ingest alternating on this 2-core machine`,
    `(${new Date().toISOString().slice(0, 16)} UTC; one-minute load average ${LOAD_AT_START.toFixed(2)} when the run began). Every request carries the`,
    'same User-Agent from the same address, so after the first the unique-click decision answers "seen": its cost, not its outcome.',
    'CPU: what the server process (and Redis) spent per 1,000 redirects.',
    ...(RATE ? [`Every server was sent a fixed ${thousands(RATE)} requests a second: the CPU column is the comparison, not the throughput.`] : []),
    '',
    '| redirect | throughput | / bare Koa | latency | CPU per 1,000 redirects |',
    '| --- | ---: | ---: | --- | --- |',
    ...rows,
    '',
    '```sh',
    BEFORE_TREE
      ? `git worktree add /tmp/before ${BEFORE_LABEL} && (cd /tmp/before && npm ci)\nBENCH_BEFORE_TREE=/tmp/before ${SIZING}BENCH_ONLY=redirects BENCH_REDIRECTS_LABEL=${LABEL} npm run bench`
      : `${SIZING}BENCH_ONLY=redirects BENCH_REDIRECTS_LABEL=${LABEL} npm run bench`,
    '```',
  ]);
  console.log(`\n${rows.join('\n')}\n`);
}
