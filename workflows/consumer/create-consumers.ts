import { Worker, type ConnectionOptions } from 'bullmq';
import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { queueNames, type ClickJob, type OrderJob, type PingJob } from '../../core/queues';
import { recordSignal } from '../../core/repositories/integrations';
import { recordClick } from '../../core/repositories/links';
import { createStartOrderWorkflow } from './start-order-workflow';

export type ConsumerDeps = { db: Db; client: Client; connection: ConnectionOptions; prefix: string; taskQueue: string; log: Logger };

/** BullMQ → Temporal for orders; BullMQ → PostgreSQL for throttled pings and clicks. */
export function createConsumers(deps: ConsumerDeps): { workers: Worker[]; close(): Promise<void> } {
  const startOrderWorkflow = createStartOrderWorkflow(deps);
  const common = { connection: deps.connection, prefix: deps.prefix };

  const orders = new Worker<OrderJob>(
    queueNames.orders,
    async (job) => {
      const workflowId = await startOrderWorkflow(job.data);
      deps.log.debug({ workflowId, reportId: job.data.reportId }, 'order workflow started');
    },
    { ...common, concurrency: 50 },
  );
  const pings = new Worker<PingJob>(
    queueNames.pings,
    async (job) => {
      const { integrationId, origin, pageUrl, seenAt, pings: count } = job.data;
      await recordSignal(deps.db, { integrationId, origin, url: pageUrl ?? null, seenAt: new Date(seenAt), pings: count });
    },
    { ...common, concurrency: 10 },
  );
  const clicks = new Worker<ClickJob>(
    queueNames.clicks,
    async (job) => {
      const { clickId, linkId, workspaceId, clickedAt } = job.data;
      await recordClick(deps.db, { clickId, linkId, workspaceId, clickedAt: new Date(clickedAt) });
    },
    { ...common, concurrency: 20 },
  );

  const workers = [orders, pings, clicks];
  for (const worker of workers) {
    worker.on('failed', (job, err) => {
      deps.log.warn({ queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed; it will be retried');
    });
    worker.on('error', (err) => deps.log.error({ queue: worker.name, err: err.message }, 'queue worker error'));
  }
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
