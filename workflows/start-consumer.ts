import { Client, Connection } from '@temporalio/client';
import type { Config } from '../core/config';
import { createDb } from '../core/db';
import type { Logger } from '../core/logger';
import { createWorkerConnection } from '../core/queues';
import { createConsumers } from './consumer/create-consumers';

/**
 * Wires the BullMQ consumers from configuration; used by consumer.ts and by the tests.
 * The Temporal connection is lazy: the consumer starts while Temporal is down, its order jobs
 * fail and are retried with backoff by BullMQ (nothing is dropped), and they go through once
 * Temporal answers again.
 */
export async function startConsumer(config: Config, log: Logger) {
  const db = createDb(config.databaseUrl, { min: 0, max: 20 });
  const temporalConnection = Connection.lazy({ address: config.temporal.address, connectTimeout: '10 seconds' });
  const client = new Client({ connection: temporalConnection, namespace: config.temporal.namespace });
  const connection = createWorkerConnection(config.redisUrl);
  const consumers = createConsumers({
    db,
    client,
    connection,
    prefix: config.queuePrefix,
    taskQueue: config.temporal.taskQueue,
    log,
    orderWorkflowsInFlight: config.orderWorkflowsInFlight,
  });
  log.info({ queues: consumers.workers.map((w) => w.name) }, 'queue consumer running');
  return {
    async close() {
      await consumers.close();
      connection.disconnect();
      await temporalConnection.close();
      await db.destroy();
    },
  };
}
