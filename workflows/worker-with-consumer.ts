import { Client } from '@temporalio/client';
import { loadConfig } from '../core/config';
import { combineMetricsSources, startMetricsServer } from '../core/http/start-metrics-server';
import { createLogger } from '../core/logger';
import { runMain } from '../core/process-lifecycle';
import { runConsumer } from './start-consumer';
import { runWorker } from './start-worker';

/**
 * The Temporal worker and the queue consumer in one process (`npm run worker-with-consumer`),
 * instead of worker.ts and consumer.ts apart. The consumer's client is built on the worker's
 * connection, so a new order workflow starts eagerly: the server hands its first task straight
 * back to this worker, without a trip through its task queue. Copies of it scale out like the
 * two processes do: any copy's worker takes any order's workflow task.
 * One process, one port: both sets of metrics, and readiness of Temporal, PostgreSQL and Redis,
 * on WORKER_METRICS_PORT (CONSUMER_METRICS_PORT is not used).
 */
runMain(async () => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'worker-with-consumer' });
  const worker = await runWorker(config, log);
  const client = new Client({ connection: worker.connection, namespace: config.temporal.namespace });
  const consumer = runConsumer(config, log, { client });
  // Worker.run() drains on SIGINT/SIGTERM by itself; the consumer stops taking jobs at the same
  // signal. A job cut short by the closing connection stays in Redis and is retried (BullMQ).
  let consumerStopped: Promise<void> | undefined;
  const stopConsumer = () => (consumerStopped ??= consumer.close());
  const server = await startMetricsServer({
    host: config.metrics.host,
    port: config.metrics.workerPort,
    ...combineMetricsSources(worker.metrics, consumer.metrics),
    log,
  }).catch(async (err: unknown) => {
    await stopConsumer();
    await worker.close();
    throw err;
  });
  log.info({ taskQueue: worker.taskQueue, metricsUrl: server.url }, 'temporal worker running');
  log.info({ queues: consumer.queues, metricsUrl: server.url }, 'queue consumer running');
  process.once('SIGINT', stopConsumer);
  process.once('SIGTERM', stopConsumer);
  await worker.done;
  await stopConsumer();
  await server.close();
  log.info('temporal worker and queue consumer stopped');
});
