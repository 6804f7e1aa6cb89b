import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './child-processes';

const repositoryRoot = path.resolve(__dirname, '..', '..');

export type OwnTemporal = {
  address: string;
  /** SIGKILL to the server's process group: no graceful shutdown. */
  kill(): Promise<void>;
  /** Starts it again on the same port and SQLite file (so it keeps its workflows), and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  destroy(): Promise<void>;
};

/**
 * A Temporal dev server of the test's own, started the way `npm test` starts the shared one
 * (scripts/temporal-dev-server.sh), on a free port with a SQLite file in a temporary directory.
 */
export async function startOwnTemporal(): Promise<OwnTemporal> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'influtrace-temporal-'));
  const address = `127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    const log = fs.openSync(path.join(dir, 'temporal.log'), 'a');
    const child = spawn('bash', ['scripts/temporal-dev-server.sh'], {
      cwd: repositoryRoot,
      env: { ...process.env, TEMPORAL_PORT: String(port), TEMPORAL_HEADLESS: '1', TEMPORAL_DB_FILE: path.join(dir, 'temporal.sqlite') },
      stdio: ['ignore', log, log],
      // Its own process group, so that a kill reaches whatever the script started.
      detached: true,
    });
    fs.closeSync(log);
    server = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await run('bash', ['scripts/wait-for-temporal.sh', address, '120']).catch((err: Error) => {
      throw new Error(`${err.message}\n${fs.readFileSync(path.join(dir, 'temporal.log'), 'utf8').slice(-2000)}`);
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
    kill,
    start,
    async destroy() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repositoryRoot, stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}
