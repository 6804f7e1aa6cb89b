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
export async function startConsumer(config: Config, log: Logger, sameProcessWorker?: { client: Client }) {
  const db = createDb(config.databaseUrl, { min: 0, max: 20 });
  const temporal = temporalClientOf(config, sameProcessWorker);
  const client = temporal.client;
  const connection = createWorkerConnection(config.redisUrl);
  const consumers = createConsumers({
    db,
    client,
    connection,
    prefix: config.queuePrefix,
    taskQueue: config.temporal.taskQueue,
    log,
    orderWorkflowsInFlight: config.orderWorkflowsInFlight,
    eagerStart: sameProcessWorker !== undefined,
  });
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

/**
 * The consumer's own lazy connection, or, beside a worker of this process (worker-with-consumer.ts),
 * that worker's client: on the worker's NativeConnection, new order workflows start eagerly.
 */
function temporalClientOf(config: Config, sameProcessWorker?: { client: Client }): { client: Client; close(): Promise<void> } {
  if (sameProcessWorker) return { client: sameProcessWorker.client, close: async () => undefined };
  const connection = Connection.lazy({ address: config.temporal.address, connectTimeout: '10 seconds' });
  return { client: new Client({ connection, namespace: config.temporal.namespace }), close: () => connection.close() };
}
