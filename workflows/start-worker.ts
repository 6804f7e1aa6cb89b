import type { Config } from '../core/config';
import { createDb } from '../core/db';
import type { Logger } from '../core/logger';
import { createTemporalWorker } from './create-worker';

/** Runs the Temporal worker until `close` (or, in worker.ts, a signal) shuts it down and drains it. */
export async function startWorker(config: Config, log: Logger) {
  const db = createDb(config.databaseUrl, { min: 0, max: 20 });
  const { worker, connection } = await createTemporalWorker({ db, temporal: config.temporal, log });
  const running = worker.run();
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'temporal worker running');
  const done = running.finally(async () => {
    await connection.close();
    await db.destroy();
  });
  return {
    done,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
