import type { Config } from '../core/config';
import { createDb } from '../core/db';
import type { Logger } from '../core/logger';
import { createWorkerConnection } from '../core/queues';
import { connectTemporalClient } from '../core/temporal-client';
import { createConsumers } from './consumer/create-consumers';

/** Wires the BullMQ consumers from configuration; used by consumer.ts and by the tests. */
export async function startConsumer(config: Config, log: Logger) {
  const db = createDb(config.databaseUrl, { min: 0, max: 20 });
  const temporal = await connectTemporalClient(config.temporal);
  const connection = createWorkerConnection(config.redisUrl);
  const consumers = createConsumers({ db, client: temporal.client, connection, prefix: config.queuePrefix, taskQueue: config.temporal.taskQueue, log });
  log.info({ queues: consumers.workers.map((w) => w.name) }, 'queue consumer running');
  return {
    async close() {
      await consumers.close();
      connection.disconnect();
      await temporal.close();
      await db.destroy();
    },
  };
}
