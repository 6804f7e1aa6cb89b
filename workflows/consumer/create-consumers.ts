import { Worker, type ConnectionOptions } from 'bullmq';
import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { clicksOf, queueNames, reportsOf, type ClicksQueueJob, type OrdersQueueJob, type PingJob, type RefundJob } from '../../core/queues';
import { recordSignal } from '../../core/repositories/integrations';
import { recordClicksAcrossWorkspaces } from '../../core/repositories/links';
import { createInFlightWindow, type InFlightObserver, type InFlightWindow } from './in-flight-window';
import { createStartOrderWorkflows } from './start-order-workflow';
import { createStartRefundWorkflow } from './start-refund-workflow';

export type ConsumerDeps = {
  db: Db;
  client: Client;
  connection: ConnectionOptions;
  prefix: string;
  taskQueue: string;
  log: Logger;
  /** See in-flight-window.ts. */
  orderWorkflowsInFlight: number;
  /** The consumer's metrics, told what enters and leaves the in-flight window. */
  observer?: InFlightObserver;
  /** The client is on the NativeConnection of a worker in this process: new order workflows start eagerly. */
  eagerStart?: boolean;
};

/** BullMQ → Temporal for orders and refunds; BullMQ → PostgreSQL for throttled pings and clicks. */
export function createConsumers(deps: ConsumerDeps): { workers: Worker[]; inFlight: InFlightWindow; close(): Promise<void>; disconnect(): void } {
  const inFlight = createInFlightWindow({ db: deps.db, max: deps.orderWorkflowsInFlight, observer: deps.observer });
  const startOrderWorkflows = createStartOrderWorkflows({ ...deps, inFlight });
  // A job is stalled when the consumer holding it died. BullMQ's default (1) fails it for good
  // at the second stall, so a consumer crash-looping twice could strand reports not yet in
  // PostgreSQL, where reconciliation cannot see them: allow several.
  const common = { connection: deps.connection, prefix: deps.prefix, maxStalledCount: 5 };

  const orders = new Worker<OrdersQueueJob>(
    queueNames.orders,
    async (job) => {
      const reports = reportsOf(job.data);
      await startOrderWorkflows(reports, { isRetry: job.attemptsMade > 0 });
      deps.log.debug({ jobId: job.id, reports: reports.length }, 'order workflows signalled');
    },
    { ...common, concurrency: 20 },
  );
  const startRefundWorkflow = createStartRefundWorkflow(deps);
  const refunds = new Worker<RefundJob>(
    queueNames.refunds,
    async (job) => {
      await startRefundWorkflow(job.data);
      deps.log.debug({ jobId: job.id, refundId: job.data.refundId }, 'refund signalled');
    },
    { ...common, concurrency: 10 },
  );
  const pings = new Worker<PingJob>(
    queueNames.pings,
    async (job) => {
      const { integrationId, origin, pageUrl, seenAt, pings: count } = job.data;
      await recordSignal(deps.db, { integrationId, origin, url: pageUrl ?? null, seenAt: new Date(seenAt), pings: count });
    },
    { ...common, concurrency: 10 },
  );
  const clicks = new Worker<ClicksQueueJob>(
    queueNames.clicks,
    async (job) => {
      await recordClicksAcrossWorkspaces(
        deps.db,
        clicksOf(job.data).map((c) => ({
          clickId: c.clickId,
          linkId: c.linkId,
          workspaceId: c.workspaceId,
          clickedAt: new Date(c.clickedAt),
          isUnique: c.unique === true,
        })),
      );
    },
    { ...common, concurrency: 20 },
  );

  const workers = [orders, refunds, pings, clicks];
  for (const worker of workers) {
    worker.on('failed', (job, err) => {
      deps.log.warn({ queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed; it will be retried');
    });
    worker.on('error', (err) => deps.log.error({ queue: worker.name, err: err.message }, 'queue worker error'));
  }
  return {
    workers,
    inFlight,
    async close() {
      inFlight.close();
      await Promise.all(workers.map((w) => w.close()));
    },
    /** Drops every worker's Redis connections at once, without waiting: for a close that Redis does not let finish. */
    disconnect() {
      for (const worker of workers) void worker.disconnect().catch(() => undefined);
    },
  };
}
