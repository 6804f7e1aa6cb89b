import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { freePort, serviceEnv, startNodeProcess, type ChildService } from '../support/child-processes';
import { requestJson, sendBeacon } from '../support/http';
import { testConfig } from '../support/test-config';
import { processedOrder, seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

const root = path.resolve(__dirname, '../..');

/** Runs a command to its end; rejects with its output when it fails. */
function run(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

const compiled = {
  ingest: { file: 'dist/ingest/server.js', ready: 'ingest listening' },
  adminApi: { file: 'dist/admin-api/server.js', ready: 'admin API listening' },
  worker: { file: 'dist/workflows/worker.js', ready: 'temporal worker running' },
  consumer: { file: 'dist/workflows/consumer.js', ready: 'queue consumer running' },
} as const;

describe('the compiled production build (npm run build → dist/, run with plain node)', function () {
  this.timeout(300_000);
  let config: Config;
  let backing: Backing;
  const running: Partial<Record<keyof typeof compiled, ChildService>> = {};
  const urls = {} as Record<keyof typeof compiled, string>;

  before(async () => {
    await run(['--require', 'tsx/cjs', 'scripts/build-production.ts']);
    config = testConfig();
    backing = openBacking(config);
    const ports = { ingest: await freePort(), adminApi: await freePort(), worker: await freePort(), consumer: await freePort() };
    for (const name of Object.keys(ports) as Array<keyof typeof ports>) urls[name] = `http://127.0.0.1:${ports[name]}`;
    const env = serviceEnv(config, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      INGEST_PORT: String(ports.ingest),
      PUBLIC_INGEST_URL: urls.ingest,
      ADMIN_API_PORT: String(ports.adminApi),
      WORKER_METRICS_PORT: String(ports.worker),
      CONSUMER_METRICS_PORT: String(ports.consumer),
      OPERATOR_TOKEN: `op_${randomString(32)}`,
      // Required in production (core/config.ts).
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    // One at a time, so that each start-up time is its own and not a share of the others'.
    for (const name of Object.keys(compiled) as Array<keyof typeof compiled>) {
      running[name] = await startNodeProcess({ entry: compiled[name].file, args: [compiled[name].file], readyMessage: compiled[name].ready, env });
    }
  });
  after(async function () {
    this.timeout(60_000);
    await Promise.all(Object.values(running).map((service) => service.stop()));
    await backing?.close();
  });

  it('migrates with the compiled migrations, finding a database migrated from source up to date', async () => {
    const output = await run(['dist/scripts/migrate.js'], { DATABASE_URL: config.databaseUrl, LOG_LEVEL: 'info' });
    expect(output).to.include('schema already up to date');
  });

  it('starts every process in seconds, the worker from the workflow bundle made at build time', () => {
    const seconds = Object.fromEntries(Object.entries(running).map(([name, service]) => [name, Number((service.readyAfterMs / 1000).toFixed(2))]));
    console.log(JSON.stringify({ compiledStartSeconds: seconds }));
    // Generous for a shared machine under load; BENCHMARKS.md and the note give the measured figures.
    for (const [name, s] of Object.entries(seconds)) expect(s, name).to.be.below(15);
    expect(running.worker!.recentOutput()).not.to.include('Workflow bundle created');
  });

  it('preloads the workflow modules in its workflow bundle, as a worker run from source does (once per worker thread, not once per order)', () => {
    const bundle = readFileSync(path.join(root, 'dist/workflows/workflow-bundle.js'), 'utf8');
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(bundle)?.[1] ?? '';
    for (const module of ['@temporalio/common/lib/index.js', './core/temporal.ts', './workflows/definitions/index.ts'])
      expect(preload, module).to.include(module);
  });

  it('answers /readyz on every process', async () => {
    for (const name of Object.keys(compiled) as Array<keyof typeof compiled>) {
      const res = await requestJson(`${urls[name]}/readyz`);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).to.equal(200);
    }
  });

  it('credits an order end to end', async () => {
    const store = await seedConnectedStore(backing.db, 'https://compiled.example.com');
    const coupon = `CB${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    const orderId = `COMPILED-${randomString(6)}`;
    const res = await sendBeacon(urls.ingest, store.origin, { id: store.integrationId, type: 'order', order: { orderId, value: 42, currency: 'EUR', coupon } });
    expect(res.status).to.equal(202);
    expect((await processedOrder(backing.db, store.integrationId, orderId)).status).to.equal('credited');
  });
});
