import { Client, Connection } from '@temporalio/client';
import type { Config } from '../core/config';
import { createDb } from '../core/db';
import type { Logger } from '../core/logger';
import { createTemporalWorker, type WorkerOptions } from './create-worker';
import { ensureSchedules } from './ensure-schedules';

/** Runs the Temporal worker until `close` (or, in worker.ts, a signal) shuts it down and drains it. */
export async function startWorker(config: Config, log: Logger, options: WorkerOptions & { schedules?: boolean } = {}) {
  if (options.schedules !== false) await ensureWorkerSchedules(config, log, options.taskQueue ?? config.temporal.taskQueue);
  const db = createDb(config.databaseUrl, { min: 0, max: 20 });
  // The reconciliation activities re-drive stuck reports by signal-with-start, as the consumer does.
  const clientConnection = await Connection.connect({ address: config.temporal.address, connectTimeout: '10 seconds' });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const { worker, connection } = await createTemporalWorker({
    db,
    client,
    temporal: config.temporal,
    confirmationHourSeconds: config.confirmationHourSeconds,
    webhooks: config.webhooks,
    log,
    ...options,
  }).catch(async (err: unknown) => {
    await clientConnection.close();
    await db.destroy();
    throw err;
  });
  const running = worker.run();
  log.info({ taskQueue: options.taskQueue ?? config.temporal.taskQueue, address: config.temporal.address }, 'temporal worker running');
  const done = running.finally(async () => {
    await connection.close();
    await clientConnection.close();
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

export type RunningWorker = Awaited<ReturnType<typeof startWorker>>;

/** The Schedules this worker's task queue serves, created or updated before it starts polling. */
async function ensureWorkerSchedules(config: Config, log: Logger, taskQueue: string): Promise<void> {
  const connection = await Connection.connect({ address: config.temporal.address, connectTimeout: '10 seconds' });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    await ensureSchedules(client, { taskQueue, pollForMinutes: config.verificationPolling.pollForMinutes }, log);
  } finally {
    await connection.close();
  }
}
