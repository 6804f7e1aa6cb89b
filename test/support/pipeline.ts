import { startAdminApi } from '../../admin-api/start-admin-api';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { createLogger, type Logger } from '../../core/logger';
import { startIngest } from '../../ingest/start-ingest';
import { startConsumer } from '../../workflows/start-consumer';
import { startWorker } from '../../workflows/start-worker';
import { testConfig } from './test-config';

export type Pipeline = {
  config: Config;
  db: Db;
  log: Logger;
  ingestUrl: string;
  adminUrl: string;
  stop(): Promise<void>;
};

export type PipelineOptions = {
  /** false: no Temporal worker; the test starts and stops its own with startWorker(p.config, p.log). */
  worker?: boolean;
  /** Settings to change from the test configuration, e.g. higher rate limits for a fuzz run. */
  config?: Partial<Config>;
  /** The logger every process writes to; a test that reads the logs passes its own. */
  log?: Logger;
};

/**
 * The whole system in this process, on the real PostgreSQL, Redis and Temporal dev server:
 * ingest and admin API on free ports, the queue consumer, and a Temporal worker on a task
 * queue and queue key space of this test file's own.
 */
export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const base = testConfig(options.config);
  const log = options.log ?? createLogger({ level: base.logLevel, name: 'test' });
  const ingest = await startIngest(base, log, 0);
  const config: Config = { ...base, ingest: { ...base.ingest, publicUrl: ingest.url } };
  const adminApi = await startAdminApi(config, log, 0);
  const worker = options.worker === false ? null : await startWorker(config, log);
  const consumer = await startConsumer(config, log);
  const db = createDb(config.databaseUrl, { min: 0, max: 4 });
  return {
    config,
    db,
    log,
    ingestUrl: ingest.url,
    adminUrl: adminApi.url,
    async stop() {
      await ingest.close();
      await adminApi.close();
      await consumer.close();
      await worker?.close();
      await db.destroy();
    },
  };
}
