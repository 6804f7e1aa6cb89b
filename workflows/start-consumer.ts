import { Client, Connection } from '@temporalio/client';
import type { Config } from '../core/config';
import { openServiceDb } from '../core/db';
import { startMetricsServer, type MetricsSource } from '../core/http/start-metrics-server';
import type { Logger } from '../core/logger';
import { createClickIntakeRelay } from '../core/clicks/click-intake';
import { createClicksQueue, createProducerConnection, createWorkerConnection } from '../core/queues';
import { withTimeout } from '../core/with-timeout';
import { createConsumers } from './consumer/create-consumers';
import { createConsumerMetrics } from './metrics/consumer-metrics';
import { registerQueueDepthMetrics } from './metrics/queue-depth';

/** How long closing may wait for the queue workers (their active jobs, then Redis) before it disconnects. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Wires the BullMQ consumers from configuration; used by consumer.ts and by the tests.
 * The Temporal connection is lazy: the consumer starts while Temporal is down, its order jobs
 * fail and are retried with backoff by BullMQ (nothing is dropped), and they go through once
 * Temporal answers again. Serves /metrics, /healthz and /readyz on CONSUMER_METRICS_PORT.
 */
export async function startConsumer(config: Config, log: Logger) {
  const consumer = runConsumer(config, log);
  const server = await startMetricsServer({ host: config.metrics.host, port: config.metrics.consumerPort, ...consumer.metrics, log }).catch(
    async (err: unknown) => {
      await consumer.close();
      throw err;
    },
  );
  log.info({ queues: consumer.queues, metricsUrl: server.url }, 'queue consumer running');
  return {
    metricsUrl: server.url,
    async close() {
      await server.close();
      await consumer.close();
    },
  };
}

/**
 * The consumers, taking jobs, without a metrics server of their own: `metrics` is what they
 * would serve. Beside a worker of this process (worker-with-consumer.ts) they use its client,
 * and their registry leaves the process's default metrics (`process_…`, `nodejs_…`) to the worker's.
 */
export function runConsumer(config: Config, log: Logger, sameProcessWorker?: { client: Client }) {
  const db = openServiceDb(config, 20);
  const temporal = temporalClientOf(config, sameProcessWorker);
  const connection = createWorkerConnection(config.redisUrl);
  // Scrapes and readiness checks fail fast while Redis is away, where the workers wait for it.
  const probeConnection = createProducerConnection(config.redisUrl);
  const metrics = createConsumerMetrics({
    inFlightLimit: config.orderWorkflowsInFlight,
    inFlightSize: () => consumers.inFlight.size(),
    defaultMetrics: sameProcessWorker === undefined,
  });
  const queueDepth = registerQueueDepthMetrics(metrics.registry, { connection: probeConnection, prefix: config.queuePrefix });
  const consumers = createConsumers({
    db,
    client: temporal.client,
    connection,
    prefix: config.queuePrefix,
    taskQueue: config.temporal.taskQueue,
    log,
    orderWorkflowsInFlight: config.orderWorkflowsInFlight,
    observer: metrics.observer,
    eagerStart: sameProcessWorker !== undefined,
  });
  // The click intake's relay reads with blocking calls: a connection of its own.
  const relayConnection = createWorkerConnection(config.redisUrl);
  const clicksQueue = createClicksQueue(connection, config.queuePrefix);
  const clickIntake = createClickIntakeRelay({ redis: relayConnection, clicks: clicksQueue, prefix: config.queuePrefix, log });
  clickIntake.start();
  const source: MetricsSource = {
    registry: metrics.registry,
    checks: { redis: () => probeConnection.ping(), postgres: () => db.raw('select 1') },
  };
  return {
    queues: consumers.workers.map((w) => w.name),
    metrics: source,
    async close() {
      // BullMQ's close waits on Redis, and after Redis was cut off it can wait forever. Past the
      // bound the Redis connections are dropped: a job still active stays in Redis and is taken
      // again once its lock expires (BullMQ's stalled-job check), like after a crash.
      const closing = Promise.all([consumers.close(), queueDepth.close(), clickIntake.stop().then(() => clicksQueue.close())]);
      await withTimeout(closing, CLOSE_TIMEOUT_MS, 'closing the queue workers').catch((err: Error) => {
        log.warn({ err: err.message }, 'queue consumer did not close in time: disconnecting from Redis');
        consumers.disconnect();
      });
      connection.disconnect();
      relayConnection.disconnect();
      probeConnection.disconnect();
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
