import Router from '@koa/router';
import Koa from 'koa';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { listen } from '../core/http/listen';
import { createLogger } from '../core/logger';
import { EVENTS_PATH } from '../core/public-paths';
import { startIngest } from '../ingest/start-ingest';

/**
 * One server per process, so the load generator does not share its event loop:
 *   bench/servers.ts baseline | ingest
 * Prints `READY <url>` when it listens. The baseline is a bare Koa app with the same routes
 * that answers without doing anything: the ratio against it is the figure that matters.
 */
async function startBaseline(): Promise<string> {
  const router = new Router();
  router.post(EVENTS_PATH, (ctx) => {
    ctx.status = 204;
  });
  router.get('/r/:code', (ctx) => {
    ctx.redirect(`https://shop.example.com/?ref=${ctx.params.code}`);
  });
  const app = new Koa();
  app.use(router.routes());
  return (await listen(app, '127.0.0.1', 0)).url;
}

async function startIngestForBench(): Promise<string> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  await ensureDatabaseExists(base.databaseUrl);
  const db = createDb(base.databaseUrl, { min: 0, max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  const config = { ...base, rateLimits: { beaconsPerMinute: 100_000_000, redirectsPerMinute: 100_000_000 } };
  return (await startIngest(config, createLogger({ level: 'silent', name: 'bench' }), 0)).url;
}

// Exit normally on SIGTERM, so that a CPU profile (BENCH_PROFILE) is written on the way out.
process.once('SIGTERM', () => process.exit(0));

const kind = process.argv[2];
(kind === 'baseline' ? startBaseline() : startIngestForBench()).then(
  (url) => console.log(`READY ${url}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
