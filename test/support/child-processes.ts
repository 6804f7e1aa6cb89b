import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import type { Config } from '../../core/config';
import { waitFor } from './wait-for';

const repositoryRoot = path.resolve(__dirname, '..', '..');

/** A port nobody listens on right now, for a process or server the test starts itself. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The environment core/config.ts reads, from a test's configuration: its database, Redis, queue
 * key space, Temporal server and task queue. The beacon rate limit is lifted: the load of a fault
 * test comes from one client address, and the limit is not what these tests are about.
 */
export function serviceEnv(config: Config, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: config.databaseUrl,
    DATABASE_IDLE_TIMEOUT_MS: String(config.databaseIdleTimeoutMs),
    REDIS_URL: config.redisUrl,
    QUEUE_PREFIX: config.queuePrefix,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
    INGEST_HOST: '127.0.0.1',
    RATE_LIMIT_BEACONS_PER_MINUTE: '1000000',
    WORKER_METRICS_PORT: String(config.metrics.workerPort),
    CONSUMER_METRICS_PORT: String(config.metrics.consumerPort),
    ...overrides,
  };
}

export type ServiceEntry = 'ingest/server.ts' | 'workflows/worker.ts' | 'workflows/consumer.ts' | 'workflows/worker-with-consumer.ts';

/** The line each entry point logs once it serves (see start-ingest.ts, start-worker.ts, start-consumer.ts). */
export const readyMessage: Record<ServiceEntry, string> = {
  'ingest/server.ts': 'ingest listening',
  'workflows/worker.ts': 'temporal worker running',
  'workflows/consumer.ts': 'queue consumer running',
  'workflows/worker-with-consumer.ts': 'queue consumer running',
};

export type ChildService = {
  entry: string;
  pid: number;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
  /** False once the process has exited, for whatever reason. */
  isRunning(): boolean;
  /** SIGKILL: no shutdown hook runs, exactly as when the machine or the OOM killer takes it. */
  kill(): Promise<void>;
  /** SIGTERM, then waits; used to clean up after a test. */
  stop(): Promise<void>;
  /** The last lines the process wrote, for a failing test's message. */
  recentOutput(): string;
  /** Milliseconds from the spawn to the line that says it serves. */
  readyAfterMs: number;
};

/**
 * Starts a service entry point as a real OS process: one `node` running the TypeScript through
 * tsx's require hook (not the tsx CLI, which would put a second process in front that a SIGKILL
 * would not reach). Resolves once the process logged that it serves.
 */
export async function startChildService(entry: ServiceEntry, env: Record<string, string>, readyTimeoutMs = 90_000): Promise<ChildService> {
  return startNodeProcess({ entry, args: ['--require', 'tsx/cjs', entry], readyMessage: readyMessage[entry], env, readyTimeoutMs });
}

/** Any Node entry point as a real OS process (e.g. the compiled build's dist/…/server.js); resolves once it logged `readyMessage`. */
export async function startNodeProcess(options: {
  entry: string;
  args: string[];
  readyMessage: string;
  env: Record<string, string>;
  readyTimeoutMs?: number;
}): Promise<ChildService> {
  const { entry, env, readyTimeoutMs = 90_000 } = options;
  const child: ChildProcess = spawn(process.execPath, options.args, {
    cwd: repositoryRoot,
    // info, so that the ready line is printed whatever LOG_LEVEL the test run uses.
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);
  const pid = child.pid;
  const lines: string[] = [];
  const spawnedAt = performance.now();
  let ready = false;
  let readyAfterMs = Number.NaN;
  const keep = (line: string) => {
    if (!ready && line.includes(options.readyMessage)) {
      ready = true;
      readyAfterMs = performance.now() - spawnedAt;
    }
    lines.push(line);
    if (lines.length > 200) lines.shift();
  };
  readline.createInterface({ input: child.stdout! }).on('line', keep);
  readline.createInterface({ input: child.stderr! }).on('line', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let gone: number | string | undefined;
  void exited.then((how) => (gone = how));

  const service: ChildService = {
    entry,
    pid,
    get readyAfterMs() {
      return readyAfterMs;
    },
    exited,
    recentOutput: () => lines.slice(-40).join('\n'),
    isRunning: () => gone === undefined,
    async kill() {
      if (gone === undefined) process.kill(pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (gone === undefined) process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => gone === undefined && process.kill(pid, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(
      async () => {
        if (gone !== undefined) throw new Error(`${entry} exited (${gone}) before it was ready:\n${service.recentOutput()}`);
        return ready;
      },
      `${entry} to be ready`,
      readyTimeoutMs,
    );
  } catch (err) {
    await service.kill();
    throw err;
  }
  return service;
}
