import { Client } from '@temporalio/client';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { runMain } from '../core/process-lifecycle';
import { startConsumer } from './start-consumer';
import { startWorker } from './start-worker';

/**
 * The Temporal worker and the queue consumer in one process (`npm run worker-with-consumer`),
 * instead of worker.ts and consumer.ts apart. The consumer's client is built on the worker's
 * connection, so a new order workflow starts eagerly: the server hands its first task straight
 * back to this worker, without a trip through its task queue. Copies of it scale out like the
 * two processes do: any copy's worker takes any order's workflow task.
 */
runMain(async () => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'worker-with-consumer' });
  const worker = await startWorker(config, log);
  const client = new Client({ connection: worker.connection, namespace: config.temporal.namespace });
  const consumer = await startConsumer(config, log, { client }).catch(async (err: unknown) => {
    await worker.close();
    throw err;
  });
  // Worker.run() drains on SIGINT/SIGTERM by itself; the consumer stops taking jobs at the same
  // signal. A job cut short by the closing connection stays in Redis and is retried (BullMQ).
  let consumerStopped: Promise<void> | undefined;
  const stopConsumer = () => (consumerStopped ??= consumer.close());
  process.once('SIGINT', stopConsumer);
  process.once('SIGTERM', stopConsumer);
  await worker.done;
  await stopConsumer();
  log.info('temporal worker and queue consumer stopped');
});
