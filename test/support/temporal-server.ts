import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { freeTemporalDevServerPort, freeTemporalServerPort, TEMPORAL_DEV_SERVER_PORT_OFFSETS } from '../../scripts/temporal-server-port';
import { testConfig } from './test-config';

const repositoryRoot = path.resolve(__dirname, '..', '..');

/** The engine `npm test` runs on (scripts/test.sh): the dev server, or temporal-server on PostgreSQL. */
export type TemporalEngine = 'dev' | 'server';
export const testTemporalEngine: TemporalEngine = process.env.TEST_TEMPORAL_ENGINE === 'server' ? 'server' : 'dev';

export type OwnTemporal = {
  address: string;
  engine: TemporalEngine;
  /** The server's own processes (temporal-server, or the CLI running the dev server), for CPU and memory figures. */
  serverPids(): number[];
  /** SIGKILL to the server's process group: no graceful shutdown. */
  kill(): Promise<void>;
  /** Starts it again on the same port and storage (so it keeps its workflows), and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its files and databases. */
  destroy(): Promise<void>;
};

export type OwnTemporalOptions = {
  /** The engine (default: the one this run tests on). */
  engine?: TemporalEngine;
  /** The server engine only: its history shards (default 4, temporal/config/server.yaml). */
  historyShards?: number;
  /** The server engine only: where temporal-server reaches PostgreSQL (a test's proxy), instead of 127.0.0.1:5432. */
  database?: { host: string; port: number };
};

/**
 * A Temporal server of the test's own, of the engine this run tests on, started the way
 * `npm test` starts the shared one: the dev server (scripts/temporal-dev-server.sh) on a free
 * port with a SQLite file in a temporary directory, or temporal-server (scripts/temporal-server.sh)
 * on a free block of ports with PostgreSQL databases of its own.
 */
export async function startOwnTemporal(options: OwnTemporalOptions = {}): Promise<OwnTemporal> {
  const engine = options.engine ?? testTemporalEngine;
  const port = engine === 'server' ? await freeTemporalServerPort() : await freeTemporalDevServerPort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'influtrace-temporal-'));
  const address = `127.0.0.1:${port}`;
  const suffix = randomString(8).toLowerCase();
  const databases = { temporal: `temporal_own_${suffix}`, visibility: `temporal_visibility_own_${suffix}` };
  const env: Record<string, string> =
    engine === 'server'
      ? {
          TEMPORAL_DB_NAME: databases.temporal,
          TEMPORAL_VISIBILITY_DB_NAME: databases.visibility,
          ...(options.historyShards && { TEMPORAL_HISTORY_SHARDS: String(options.historyShards) }),
          ...(options.database && { TEMPORAL_DB_HOST: options.database.host, TEMPORAL_DB_PORT: String(options.database.port) }),
        }
      : { TEMPORAL_DB_FILE: path.join(dir, 'temporal.sqlite'), TEMPORAL_HTTP_PORT: String(port + TEMPORAL_DEV_SERVER_PORT_OFFSETS[1]!) };
  const script = engine === 'server' ? 'scripts/temporal-server.sh' : 'scripts/temporal-dev-server.sh';
  const logFile = path.join(dir, 'temporal.log');
  let server: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    // A restart appends to the same log: only what this start writes counts.
    const logFrom = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
    const log = fs.openSync(logFile, 'a');
    const child = spawn('bash', [script], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env, TEMPORAL_PORT: String(port), TEMPORAL_HEADLESS: '1' },
      stdio: ['ignore', log, log],
      // Its own process group, so that a kill reaches whatever the script started.
      detached: true,
    });
    fs.closeSync(log);
    server = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const ready =
      engine === 'server'
        ? waitForLogLine(logFile, logFrom, 'temporal-server ready', child, 300_000)
        : run('bash', ['scripts/wait-for-temporal.sh', address, '120']);
    await ready.catch((err: Error) => {
      throw new Error(`${err.message}\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    });
  }
  async function kill(): Promise<void> {
    if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) process.kill(-server.pid, 'SIGKILL');
    await exited;
    server = null;
  }

  await start();
  return {
    address,
    engine,
    kill,
    start,
    serverPids: () => (server?.pid === undefined ? [] : processGroupPids(server.pid, engine === 'server' ? 'temporal-server' : 'temporal')),
    async destroy() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
      if (engine === 'server') await dropDatabases(Object.values(databases));
    },
  };
}

/** Resolves once `line` appears in the log file past byte `from` (scripts/temporal-server.sh prints it when the server is usable). */
async function waitForLogLine(file: string, from: number, line: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.readFileSync(file).subarray(from).toString().includes(line)) return;
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`temporal-server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    if (Date.now() > deadline) throw new Error(`temporal-server not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The processes of process group `group` whose command name is `name` (from /proc, Linux). */
function processGroupPids(group: number, name: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Fields after the command name: state, parent, process group.
      const processGroup = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (processGroup === group && command === name) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function dropDatabases(names: string[]): Promise<void> {
  const url = new URL(testConfig().databaseUrl);
  url.pathname = '/postgres';
  const admin = createDb(url.toString(), { min: 0, max: 1 });
  try {
    for (const name of names) await admin.raw(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.destroy();
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repositoryRoot, stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}
