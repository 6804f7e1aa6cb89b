import { Client, Connection } from '@temporalio/client';
import type { Config } from '../core/config';
import { createDb } from '../core/db';
import { startMetricsServer } from '../core/http/start-metrics-server';
import type { Logger } from '../core/logger';
import { createProducerConnection, createWorkerConnection } from '../core/queues';
import { createConsumers } from './consumer/create-consumers';
import { createConsumerMetrics } from './metrics/consumer-metrics';
import { registerQueueDepthMetrics } from './metrics/queue-depth';

/**
 * Wires the BullMQ consumers from configuration; used by consumer.ts and by the tests.
 * The Temporal connection is lazy: the consumer starts while Temporal is down, its order jobs
 * fail and are retried with backoff by BullMQ (nothing is dropped), and they go through once
 * Temporal answers again. Serves /metrics, /healthz and /readyz on CONSUMER_METRICS_PORT.
 */
export async function startConsumer(config: Config, log: Logger) {
  const db = createDb(config.databaseUrl, { min: 0, max: 20 });
  const temporalConnection = Connection.lazy({ address: config.temporal.address, connectTimeout: '10 seconds' });
  const client = new Client({ connection: temporalConnection, namespace: config.temporal.namespace });
  const connection = createWorkerConnection(config.redisUrl);
  // Scrapes and readiness checks fail fast while Redis is away, where the workers wait for it.
  const probeConnection = createProducerConnection(config.redisUrl);
  const metrics = createConsumerMetrics({ inFlightLimit: config.orderWorkflowsInFlight, inFlightSize: () => consumers.inFlight.size() });
  const queueDepth = registerQueueDepthMetrics(metrics.registry, { connection: probeConnection, prefix: config.queuePrefix });
  const consumers = createConsumers({
    db,
    client,
    connection,
    prefix: config.queuePrefix,
    taskQueue: config.temporal.taskQueue,
    log,
    orderWorkflowsInFlight: config.orderWorkflowsInFlight,
    observer: metrics.observer,
  });
  const close = async () => {
    await consumers.close();
    await queueDepth.close();
    connection.disconnect();
    probeConnection.disconnect();
    await temporalConnection.close();
    await db.destroy();
  };
  const server = await startMetricsServer({
    host: config.metrics.host,
    port: config.metrics.consumerPort,
    registry: metrics.registry,
    checks: { redis: () => probeConnection.ping(), postgres: () => db.raw('select 1') },
    log,
  }).catch(async (err: unknown) => {
    await close();
    throw err;
  });
  log.info({ queues: consumers.workers.map((w) => w.name), metricsUrl: server.url }, 'queue consumer running');
  return {
    metricsUrl: server.url,
    async close() {
      await server.close();
      await close();
    },
  };
}
