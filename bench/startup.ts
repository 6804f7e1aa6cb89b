import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { build } from 'esbuild';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { randomString } from '../core/domain/ids';
import { freePort, serviceEnv } from '../test/support/child-processes';
import { startOwnTemporal } from '../test/support/temporal-server';
import { summariseStartupProfile, type ProfileShare } from './startup-profile';
import { cpuSeconds } from './process-stats';
import { median, writeBenchmarkSection } from './report';

/**
 * BENCH_ONLY=startup npm run bench: how fast the compiled build (dist/) starts. Builds dist/
 * once (scripts/build-production.ts; BENCH_STARTUP_BUILD=false uses the dist/ there is), then
 * starts each entry BENCH_STARTUP_ROUNDS (5) times, one at a time, with plain node and
 * NODE_ENV=production, against a Temporal dev server of the bench's own, PostgreSQL and Redis.
 * Reports the median from spawn to the line that says it serves, to the first /readyz 200, and
 * the CPU the process had used by then (the rest of the wall time is waiting: for Temporal,
 * PostgreSQL, Redis, or for the other processes on this shared machine). Then one more start
 * per entry under `node --cpu-prof`, summarised by package up to /readyz (bench/startup-profile.ts).
 * BENCH_STARTUP_TREE starts (and builds) another checkout's dist/ instead of this one's.
 */
const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 5);
const BUILD = process.env.BENCH_STARTUP_BUILD !== 'false';
const LABEL = process.env.BENCH_STARTUP_LABEL ?? 'current';
const root = path.resolve(__dirname, '..');
/** Whose dist/ is started: this tree by default; another checkout (an earlier commit) to measure before and after in one sitting. */
const tree = process.env.BENCH_STARTUP_TREE ? path.resolve(process.env.BENCH_STARTUP_TREE) : root;
const BARE_SDK_WORKER_FILE = path.join(root, 'bench-profiles', 'bare-sdk-worker.js');

const entries = {
  ingest: { file: 'dist/ingest/server.js', ready: 'ingest listening', portVariable: 'INGEST_PORT' },
  'admin API': { file: 'dist/admin-api/server.js', ready: 'admin API listening', portVariable: 'ADMIN_API_PORT' },
  worker: { file: 'dist/workflows/worker.js', ready: 'temporal worker running', portVariable: 'WORKER_METRICS_PORT' },
  consumer: { file: 'dist/workflows/consumer.js', ready: 'queue consumer running', portVariable: 'CONSUMER_METRICS_PORT' },
  /** Not ours: the floor of a worker on this SDK (bench/bare-sdk-worker.ts), compiled into bench-profiles/ before the starts. */
  'bare SDK worker': { file: BARE_SDK_WORKER_FILE, ready: 'bare SDK worker running', portVariable: 'WORKER_METRICS_PORT' },
} as const;
type EntryName = keyof typeof entries;

type Start = { listeningMs: number; readyMs: number; cpuMs: number };

function runToEnd(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: tree, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

/** Spawns one entry, waits for its ready line and its first /readyz 200 (polled every 10 ms), then stops it. */
async function startOnce(name: EntryName, env: Record<string, string>, nodeArgs: string[] = []): Promise<Start> {
  const entry = entries[name];
  const port = await freePort();
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, entry.file], {
    cwd: tree,
    env: { ...env, [entry.portVariable]: String(port), WORKFLOW_BUNDLE_FILE: path.join(tree, 'dist', 'workflows', 'workflow-bundle.js') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let listeningMs = Number.NaN;
  const output: string[] = [];
  const onLine = (line: string) => {
    if (Number.isNaN(listeningMs) && line.includes(entry.ready)) listeningMs = performance.now() - spawnedAt;
    output.push(line);
  };
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
  readline.createInterface({ input: child.stderr! }).on('line', onLine);
  try {
    const deadline = spawnedAt + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${entry.file} exited ${child.exitCode}:\n${output.slice(-20).join('\n')}`);
      if (performance.now() > deadline) throw new Error(`${entry.file} not ready in 60 s:\n${output.slice(-20).join('\n')}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyMs = performance.now() - spawnedAt;
    return { listeningMs, readyMs, cpuMs: cpuSeconds(child.pid!) * 1000 };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

/** One start under --cpu-prof; the profile written at exit, summarised up to the moment /readyz answered. */
async function profileOnce(name: EntryName, env: Record<string, string>): Promise<ProfileShare[]> {
  const dir = path.join(root, 'bench-profiles', 'startup', name.replace(' ', '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const start = await startOnce(name, env, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written for ${name}`);
  return summariseStartupProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), start.readyMs);
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export async function runStartupBenchmark(): Promise<void> {
  console.log(`\n== startup of the compiled build in ${tree}: ${ROUNDS} starts of each entry (${LABEL})`);
  if (BUILD) await runToEnd(process.execPath, ['--require', 'tsx/cjs', 'scripts/build-production.ts']);
  await build({
    entryPoints: [path.join(__dirname, 'bare-sdk-worker.ts')],
    outfile: BARE_SDK_WORKER_FILE,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const temporal = await startOwnTemporal();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.BENCH_STARTUP_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_startup',
    QUEUE_PREFIX: `influtrace-bench-startup-${randomString(4)}`,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `bench-startup-${randomString(6)}`,
  });
  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  const env = {
    PATH: process.env.PATH ?? '',
    ...serviceEnv(config, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PUBLIC_INGEST_URL: 'http://127.0.0.1:8080',
      OPERATOR_TOKEN: `op_${randomString(32)}`,
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    }),
  };
  const rows: string[] = [];
  const profiles: string[] = [];
  try {
    for (const name of Object.keys(entries) as EntryName[]) {
      const starts: Start[] = [];
      for (let i = 0; i < ROUNDS; i++) starts.push(await startOnce(name, env));
      const m = (pick: (s: Start) => number) => median(starts.map(pick));
      const row = `| ${LABEL} | ${name} | ${seconds(m((s) => s.listeningMs))} | ${seconds(m((s) => s.readyMs))} | ${seconds(m((s) => s.cpuMs))} | ${starts.map((s) => seconds(s.readyMs)).join(', ')} |`;
      console.log(row);
      rows.push(row);
      const shares = await profileOnce(name, env);
      const line = `- **${name}**: ${shares.map((s) => `${s.what} ${Math.round(s.ms)} ms`).join(', ')}`;
      console.log(line);
      profiles.push(line);
    }
  } finally {
    await temporal.destroy();
  }
  const load = os.loadavg().map((l) => l.toFixed(1));
  await writeBenchmarkSection(`startup-${LABEL}`, [
    `Startup, ${LABEL}: ${new Date().toISOString().slice(0, 16)} UTC, \`BENCH_ONLY=startup npm run bench\`${LABEL === 'current' ? '' : ` (BENCH_STARTUP_LABEL=${LABEL})`}, ${os.cpus().length} cores, load average ${load.join(' / ')} when it ended (the machine is shared: other engineers' tests ran beside it).`,
    '',
    '| build | entry | to its "listening" line (s, median) | to /readyz 200 (s, median) | CPU used by then, all threads (s, median) | each start to /readyz (s) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Where the main thread\'s CPU went up to /readyz, one start under `node --cpu-prof` (samples by the outermost package on their stack, for packages loaded from node_modules; "own code" is dist/ itself, which in a bundled build holds the bundled dependencies too; "idle" is waiting):',
    '',
    ...profiles,
  ]);
}
