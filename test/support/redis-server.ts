import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { freePort } from './child-processes';
import { readRepositoryYaml } from './monitoring-files';
import { waitFor } from './wait-for';

/**
 * The persistence settings docker-compose.yml gives Redis (its `command` after `redis-server`):
 * what is deployed is what the fault test runs and the bench measures.
 */
export function deployedRedisSettings(): string[] {
  const command: string[] = readRepositoryYaml('docker-compose.yml').services.redis.command;
  if (command[0] !== 'redis-server') throw new Error(`docker-compose.yml's redis command does not start redis-server: ${command.join(' ')}`);
  return command.slice(1);
}

/** The value of one `--name value` setting in a redis-server command line. */
export function redisSetting(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
}

export type OwnRedis = {
  url: string;
  /** The server's process id while it runs (for its CPU time in the bench). */
  pid(): number | undefined;
  /** SIGKILL, as a crash would; with `appendfsync always` every write it acknowledged is on disk. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory, and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its data directory. */
  destroy(): Promise<void>;
};

/**
 * A redis-server of the test's own (the shared one runs without persistence and must not be
 * restarted under other tests): its own free port and temporary directory, with the persistence
 * docker-compose.yml deploys (AOF fsynced on every write) unless `appendfsync` says otherwise
 * (the bench's side-by-side), and no RDB snapshots.
 */
export async function startOwnRedis(options: { appendfsync?: 'always' | 'everysec' | 'no' } = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'influtrace-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    const deployed = deployedRedisSettings();
    const settings = options.appendfsync ? [...deployed, '--appendfsync', options.appendfsync] : deployed;
    const args = ['--port', String(port), '--bind', '127.0.0.1', ...settings, '--dir', dir, '--save', ''];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    server = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(async () => answers(url), `redis-server on port ${port} to answer`, 30_000);
  }
  async function kill(): Promise<void> {
    server?.kill('SIGKILL');
    await exited;
    server = null;
  }

  await start();
  return {
    url,
    pid: () => server?.pid,
    kill,
    start,
    async destroy() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answers(url: string): Promise<boolean> {
  const probe = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    // While the AOF is being loaded Redis answers LOADING errors, so PING alone is not enough.
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
