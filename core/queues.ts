import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import IORedis from 'ioredis';
import type { Attribution, OrderFields } from './domain/beacon';

/** The queues between ingest and the workflows, and what each job carries. */
export const queueNames = { orders: 'orders', pings: 'pings', clicks: 'clicks' } as const;

export type OrderJob = {
  reportId: string;
  integrationId: string;
  origin: string;
  pageUrl?: string;
  order: OrderFields;
  attribution?: Attribution;
  receivedAt: string;
};

/**
 * What an orders job carries: the reports ingest accepted in one turn of its event loop (see
 * core/tick-batcher.ts). A job of a single report is the shape older ingest copies queued; the
 * consumer reads both, so a queue filled before an upgrade drains after it.
 */
export type OrderBatchJob = { reports: OrderJob[] };
export type OrdersQueueJob = OrderBatchJob | OrderJob;

export function reportsOf(job: OrdersQueueJob): OrderJob[] {
  return 'reports' in job ? job.reports : [job];
}

export type PingJob = { integrationId: string; origin: string; pageUrl?: string; seenAt: string; pings: number };

export type ClickJob = { clickId: string; linkId: string; workspaceId: string; clickedAt: string };
/** Clicks are batched like order reports; a single click is the older shape. */
export type ClickBatchJob = { clicks: ClickJob[] };
export type ClicksQueueJob = ClickBatchJob | ClickJob;

export function clicksOf(job: ClicksQueueJob): ClickJob[] {
  return 'clicks' in job ? job.clicks : [job];
}

export type Queues = {
  orders: Queue<OrdersQueueJob>;
  pings: Queue<PingJob>;
  clicks: Queue<ClicksQueueJob>;
  close(): Promise<void>;
};

/** Jobs are kept a while after completion for the dashboard, then trimmed; failures stay longer. */
export const defaultJobOptions: JobsOptions = {
  attempts: 20,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Producers fail fast when Redis is down (a beacon gets an error, never a false 202). */
export function createProducerConnection(redisUrl: string): IORedis {
  return new IORedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
}

/** Workers wait for Redis forever, as BullMQ requires. */
export function createWorkerConnection(redisUrl: string): IORedis {
  return new IORedis(redisUrl, { maxRetriesPerRequest: null });
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const options = { connection, prefix, defaultJobOptions };
  const orders = new Queue<OrdersQueueJob>(queueNames.orders, options);
  const pings = new Queue<PingJob>(queueNames.pings, options);
  const clicks = new Queue<ClicksQueueJob>(queueNames.clicks, options);
  return {
    orders,
    pings,
    clicks,
    async close() {
      await Promise.all([orders.close(), pings.close(), clicks.close()]);
    },
  };
}
