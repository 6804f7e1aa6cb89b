/**
 * npm run record-histories [-- scenario-name …]: records the workflow histories that
 * test/replay/replay-histories.test.ts replays, from a running system: a Temporal dev server and
 * a database of this run's own, the whole pipeline in this process (ingest, admin API, consumer,
 * worker), each scenario driven through it, each closed run's history fetched with
 * `fetchHistory()` and written as JSON to test/replay/histories/<name>.json (replacing a file of
 * the same name). Without names, every scenario of test/replay/history-scenarios.ts is recorded.
 * See the README, "Changing a workflow", for when to record and what to keep.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { createDb, ensureDatabaseExists } from '../core/db';
import { createLogger } from '../core/logger';
import { connectTemporalClient } from '../core/temporal-client';
import { historyToJson } from '../test/replay/history-json';
import { historyScenarios, type RecordedRun } from '../test/replay/history-scenarios';
import { startPipeline } from '../test/support/pipeline';
import { startOwnTemporal } from '../test/support/temporal-server';
import { testConfig } from '../test/support/test-config';
import { openQueues } from '../test/workflows/order-fixtures';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'test', 'replay', 'histories');

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !historyScenarios.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${historyScenarios.map((s) => s.name).join(', ')}`);
  const scenarios = wanted.length ? historyScenarios.filter((s) => wanted.includes(s.name)) : historyScenarios;

  const temporal = await startOwnTemporal();
  const databaseName = `influtrace_histories_${process.pid}`;
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.TEST_DATABASE_URL = `${process.env.DATABASE_ROOT_URL ?? 'postgres://postgres@127.0.0.1:5432'}/${databaseName}`;
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'record-histories' });
  try {
    const databaseUrl = testConfig().databaseUrl;
    await ensureDatabaseExists(databaseUrl);
    const migrator = createDb(databaseUrl, { min: 0, max: 1 });
    await migrator.migrate.latest();
    await migrator.destroy();

    const base = testConfig();
    // Short clocks, so that every path closes in seconds: one confirmation "hour" is one second.
    const p = await startPipeline({
      log,
      config: {
        confirmationHourSeconds: 1,
        // One commission hold "day" is one second, so a commission is due for approval at once.
        commissionDaySeconds: 1,
        webhooks: { ...base.webhooks, delivery: { retryDelaysSeconds: [1, 1, 1], attemptTimeoutMs: 1_000, disableAfterFailingSeconds: 3_600 } },
        verificationPolling: { pollIntervalSeconds: 1, pollForMinutes: 5 },
      },
    });
    const queues = openQueues(p.config);
    const { client, close } = await connectTemporalClient(p.config.temporal);
    try {
      fs.mkdirSync(HISTORIES_DIR, { recursive: true });
      for (const scenario of scenarios) {
        const runs: RecordedRun[] = await scenario.record({ p, client, queues });
        for (const run of runs) {
          const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
          const file = path.join(HISTORIES_DIR, `${run.name}.json`);
          // Formatted as `npm run lint` wants it (prettier --check covers the repository).
          const options = (await prettier.resolveConfig(file)) ?? {};
          fs.writeFileSync(file, await prettier.format(JSON.stringify(historyToJson(history)), { ...options, filepath: file }));
          console.log(`recorded ${path.relative(process.cwd(), file)} (${history.events?.length ?? 0} events)`);
        }
      }
    } finally {
      await close();
      await queues.disconnect();
      await p.stop();
    }
  } finally {
    await temporal.destroy();
    const admin = createDb(`${process.env.DATABASE_ROOT_URL ?? 'postgres://postgres@127.0.0.1:5432'}/postgres`, { min: 0, max: 1 });
    await admin.raw(`drop database if exists ${databaseName} with (force)`).catch(() => undefined);
    await admin.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
