import { Client, Connection } from '@temporalio/client';
import type { Config } from '../core/config';
import { openServiceDb } from '../core/db';
import { startMetricsServer, type MetricsSource } from '../core/http/start-metrics-server';
import type { Logger } from '../core/logger';
import { createTemporalWorker, type WorkerOptions } from './create-worker';
import { ensureSchedules } from './ensure-schedules';
import { installTemporalRuntime, readSdkMetrics } from './install-temporal-runtime';
import { createWorkerMetrics } from './metrics/worker-metrics';
import { createTaskQueueProbe } from './worker-readiness';

/**
 * Runs the Temporal worker until `close` (or, in worker.ts, a signal) shuts it down and drains it.
 * Serves /metrics (the Temporal SDK's `temporal_…` series and ours), /healthz and /readyz on WORKER_METRICS_PORT.
 */
export async function startWorker(config: Config, log: Logger, options: WorkerStartOptions = {}) {
  const worker = await runWorker(config, log, options);
  const server = await startMetricsServer({ host: config.metrics.host, port: config.metrics.workerPort, ...worker.metrics, log }).catch(
    async (err: unknown) => {
      await worker.close();
      throw err;
    },
  );
  log.info({ taskQueue: worker.taskQueue, address: config.temporal.address, metricsUrl: server.url }, 'temporal worker running');
  const done = worker.done.finally(() => server.close());
  return {
    done,
    metricsUrl: server.url,
    connection: worker.connection,
    async close() {
      await worker.close();
      await done;
    },
  };
}

export type WorkerStartOptions = WorkerOptions & { schedules?: boolean };

/**
 * The Temporal worker, polling, without a metrics server of its own: `metrics` is what it would
 * serve (worker-with-consumer.ts serves it together with the consumer's on one port).
 */
export async function runWorker(config: Config, log: Logger, options: WorkerStartOptions = {}) {
  const taskQueue = options.taskQueue ?? config.temporal.taskQueue;
  const db = openServiceDb(config, 20);
  // One client connection, made by its first call: the Schedules are ensured on it while the
  // worker is created, and the reconciliation activities re-drive stuck reports through it by
  // signal-with-start, as the consumer does.
  const clientConnection = Connection.lazy({ address: config.temporal.address, connectTimeout: '10 seconds' });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const metrics = createWorkerMetrics();
  const [created, schedules] = await Promise.allSettled([
    createTemporalWorker({
      db,
      client,
      temporal: config.temporal,
      confirmationHourSeconds: config.confirmationHourSeconds,
      commissionDaySeconds: config.commissionDaySeconds,
      webhooks: config.webhooks,
      log,
      metrics,
      ...options,
    }),
    options.schedules === false ? Promise.resolve([]) : ensureSchedules(client, { taskQueue, pollForMinutes: config.verificationPolling.pollForMinutes }, log),
  ]);
  if (created.status === 'rejected' || schedules.status === 'rejected') {
    if (created.status === 'fulfilled') await discardWorker(created.value);
    await clientConnection.close();
    await db.destroy();
    throw created.status === 'rejected' ? created.reason : (schedules as PromiseRejectedResult).reason;
  }
  const { worker, connection } = created.value;
  const runtime = await installTemporalRuntime(log);
  const running = worker.run();
  const probe = createTaskQueueProbe({ address: config.temporal.address, worker, namespace: config.temporal.namespace, taskQueue });
  const source: MetricsSource = {
    registry: metrics.registry,
    appendMetrics: () => readSdkMetrics(runtime),
    checks: {
      temporal: probe.check,
      postgres: () => db.raw('select 1'),
    },
  };
  const done = running.finally(async () => {
    await probe.close();
    await connection.close();
    await clientConnection.close();
    await db.destroy();
  });
  return {
    taskQueue,
    done,
    metrics: source,
    /** The worker's own connection: a client on it can start workflows eagerly on this worker. */
    connection,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

export type RunningWorker = Awaited<ReturnType<typeof startWorker>>;

/** A worker created but not to be run: run and shut down at once, so that its connection can close. */
async function discardWorker({ worker, connection }: Awaited<ReturnType<typeof createTemporalWorker>>): Promise<void> {
  const running = worker.run();
  worker.shutdown();
  await running.catch(() => undefined);
  await connection.close();
}
