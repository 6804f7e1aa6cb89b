import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest, type Db } from '../core/db';
import { PIXEL_PATH } from '../core/public-paths';
import { hashToken } from '../core/domain/tokens';
import { findKeyHolderInAnyWorkspace } from '../core/repositories/integration-keys';
import { findIntegrationInAnyWorkspace } from '../core/repositories/integrations';
import { createDemoServerKey, giveDemoAdminPassword, seedDemo, type DemoSeed } from './seed-demo';

/**
 * npm start: the Temporal dev server, migrations, ingest, admin API, Temporal worker, queue
 * consumer and a demo store, each its own process with prefixed output. Ctrl-C stops them all.
 */
const root = path.resolve(__dirname, '..');
const stateDir = path.join(root, '.influtrace');
const demoSeedFile = path.join(stateDir, 'demo-seed.json');
const config = loadConfig();
const temporalUiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
// Which Temporal runs locally: the dev server (default), or with TEMPORAL_ENGINE=server the one
// production runs (temporal-server on PostgreSQL, scripts/temporal-server.sh). Same ports.
const temporalEngine = process.env.TEMPORAL_ENGINE || 'dev';
if (temporalEngine !== 'dev' && temporalEngine !== 'server') {
  console.error(`TEMPORAL_ENGINE must be "dev" or "server", not "${temporalEngine}"`);
  process.exit(2);
}
const temporalScript = temporalEngine === 'server' ? 'scripts/temporal-server.sh' : 'scripts/temporal-dev-server.sh';
const demoStorePort = Number(process.env.DEMO_STORE_PORT ?? 8090);
const demoStoreUrl = `http://127.0.0.1:${demoStorePort}`;
// The queue dashboard's token: the configured one, or a new one for this run (printed below).
const operatorToken = config.operatorToken ?? `op_${randomBytes(24).toString('base64url')}`;
const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

// Each child runs detached (a process group of its own), so that Ctrl-C reaches only this process,
// which stops the app first and Temporal last (stopAll). Should this process die without stopping
// them (SIGKILL, the OOM killer), Linux sends each child SIGTERM (util-linux's setpriv --pdeathsig),
// so that none is left holding its port for the next npm start.
const SETPRIV = '/usr/bin/setpriv';
const sigtermOnOurDeath = process.platform === 'linux' && existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', '--'] : [];

function run(name: string, command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const [file, ...fileArgs] = [...sigtermOnOurDeath, command, ...args];
  const child = spawn(file!, fileArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = `[${name}]`.padEnd(13);
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      // The dev server complains about its own workers while it shuts down: not news.
      if (stopping && name === 'temporal') return;
      for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitForTemporal(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const wait = spawn('bash', [path.join(root, 'scripts/wait-for-temporal.sh'), config.temporal.address, '120'], { stdio: 'inherit' });
    wait.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Temporal did not come up at ${config.temporal.address}`))));
  });
}

async function waitForHealthy(urls: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Re-uses the demo workspace of an earlier start while its integration still exists. */
async function demoWorkspace(db: Db): Promise<DemoSeed> {
  if (existsSync(demoSeedFile)) {
    const saved = JSON.parse(readFileSync(demoSeedFile, 'utf8')) as Partial<DemoSeed> & Omit<DemoSeed, 'serverKey' | 'adminEmail' | 'adminPassword'>;
    if (await findIntegrationInAnyWorkspace(db, saved.integrationId)) {
      if (saved.serverKey && saved.adminPassword && (await findKeyHolderInAnyWorkspace(db, hashToken(saved.serverKey)))) return saved as DemoSeed;
      // Saved before the demo had a secret key or a password, or the key was revoked: new ones, saved with the rest.
      const serverKey =
        saved.serverKey && (await findKeyHolderInAnyWorkspace(db, hashToken(saved.serverKey))) ? saved.serverKey : await createDemoServerKey(db, saved);
      const seed = {
        ...saved,
        serverKey,
        ...(saved.adminPassword ? { adminEmail: saved.adminEmail!, adminPassword: saved.adminPassword } : await giveDemoAdminPassword(db, saved.workspaceId)),
      };
      writeFileSync(demoSeedFile, JSON.stringify(seed, null, 2));
      return seed;
    }
  }
  const seed = await seedDemo(db, { storeUrl: demoStoreUrl, publicIngestUrl: config.ingest.publicUrl });
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(demoSeedFile, JSON.stringify(seed, null, 2));
  return seed;
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\nstopping: app processes first, then the Temporal ${temporalEngine === 'server' ? 'server' : 'dev server'}...`);
  const temporal = children.find((c) => c.name === 'temporal');
  const stopGroup = async (group: typeof children) => {
    await Promise.all(
      group.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
  };
  await stopGroup(children.filter((c) => c !== temporal));
  if (temporal) await stopGroup([temporal]);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const [temporalHost, temporalPort] = config.temporal.address.split(':');
  const localTemporal = temporalHost === '127.0.0.1' || temporalHost === 'localhost';
  // The dev server below serves its Web UI on this port (unless TEMPORAL_HEADLESS=1): the dashboard links each order's workflow there.
  const temporalUiUrl = config.temporal.uiUrl ?? (localTemporal && process.env.TEMPORAL_HEADLESS !== '1' ? `http://127.0.0.1:${temporalUiPort}` : null);
  if (localTemporal) {
    run('temporal', 'bash', [path.join(root, temporalScript)], {
      TEMPORAL_PORT: temporalPort ?? '7233',
      TEMPORAL_UI_PORT: String(temporalUiPort),
    });
  }
  await waitForTemporal();

  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');
  const demo = await demoWorkspace(db);
  await db.destroy();

  const tsx = ['--import', 'tsx'];
  run('ingest', process.execPath, [...tsx, 'ingest/server.ts']);
  run('admin-api', process.execPath, [...tsx, 'admin-api/server.ts'], {
    OPERATOR_TOKEN: operatorToken,
    ...(temporalUiUrl && { TEMPORAL_UI_URL: temporalUiUrl }),
  });
  run('worker', process.execPath, [...tsx, 'workflows/worker.ts']);
  run('consumer', process.execPath, [...tsx, 'workflows/consumer.ts']);
  run('demo-store', process.execPath, [...tsx, 'demo-store/server.ts'], {
    DEMO_INTEGRATION_ID: demo.integrationId,
    DEMO_STORE_PORT: String(demoStorePort),
    DEMO_PIXEL_URL: `${config.ingest.publicUrl}${PIXEL_PATH}`,
    DEMO_SERVER_KEY: demo.serverKey,
  });

  const admin = `http://${config.adminApi.host}:${config.adminApi.port}`;
  const workerMetrics = `http://${config.metrics.host}:${config.metrics.workerPort}`;
  const consumerMetrics = `http://${config.metrics.host}:${config.metrics.consumerPort}`;
  await waitForHealthy([
    `${config.ingest.publicUrl}/healthz`,
    `${admin}/healthz`,
    `${demoStoreUrl}/healthz`,
    `${workerMetrics}/healthz`,
    `${consumerMetrics}/healthz`,
  ]);
  console.log(`
InfluTrace is up. Try it:
  demo store          ${demoStoreUrl}/   (its own origin; the pixel is served by ingest)
  tracking link       ${demo.trackingUrl}   (lands on the demo store with ?ref=&itc=)
  creator coupon      ${demo.couponCode}
  store server key    ${demo.serverKey}   (the demo store's server reports each order with it too: confirmed orders)
  admin API           ${admin}/api/v1/orders   with  Authorization: Bearer ${demo.adminToken}
  admin dashboard     ${admin}/   sign in as ${demo.adminEmail}  password ${demo.adminPassword}   (or with the token above)
  ingest              ${config.ingest.publicUrl}/healthz   metrics: /metrics
  queue dashboard     ${admin}/operator/queues   operator token ${operatorToken}${config.operatorToken ? '  (OPERATOR_TOKEN)' : '  (made for this run; set OPERATOR_TOKEN to keep one)'}
  worker metrics      ${workerMetrics}/metrics   ready: /readyz
  consumer metrics    ${consumerMetrics}/metrics   ready: /readyz
  Temporal UI         ${temporalUiUrl ? `${temporalUiUrl}/namespaces/${config.temporal.namespace}/workflows   (TEMPORAL_UI_URL: orders link there)` : 'none (set TEMPORAL_UI_URL to link orders to it)'}

  curl -s -H 'Authorization: Bearer ${demo.adminToken}' ${admin}/api/v1/orders

Press Ctrl-C to stop everything.
`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  void stopAll(1);
});
