import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import IORedis from 'ioredis';
import type { Attribution, OrderFields } from './domain/beacon';

/** The queues between ingest and the workflows, and what each job carries. */
export const queueNames = { orders: 'orders', refunds: 'refunds', pings: 'pings', clicks: 'clicks' } as const;

/** Who reported an order: the shopper's browser (the pixel) or the store's server (a secret key). */
export type ReportSource = 'pixel' | 'server';

export type OrderJob = {
  reportId: string;
  integrationId: string;
  /** Absent in jobs queued before server reports existed: those are the pixel's. */
  source?: ReportSource;
  /** The beacon's origin; null for a server report (the key names the integration, there is no Origin). */
  origin: string | null;
  pageUrl?: string;
  order: OrderFields;
  attribution?: Attribution;
  receivedAt: string;
  /** When the store's server says the order was placed (server reports only); attribution windows count from it. */
  occurredAt?: string;
};

export function sourceOf(job: OrderJob): ReportSource {
  return job.source ?? 'pixel';
}

/** Who asked for a refund: the store's server (a secret key) or a person (an Admin, admin API). */
export type RefundSource = 'server' | 'admin';

/** A refund of (part of) an order, in major units like the order's value; stored before it is queued or signalled. */
export type RefundJob = {
  workspaceId: string;
  integrationId: string;
  orderId: string;
  refundId: string;
  value: number;
  currency: string;
  source: RefundSource;
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

/** `unique`: the visitor's first click on the link in the UTC day (decided in Redis at redirect time; absent in jobs queued before it existed). */
export type ClickJob = { clickId: string; linkId: string; workspaceId: string; clickedAt: string; unique: boolean };
/** Clicks are batched like order reports; a single click is the older shape. */
export type ClickBatchJob = { clicks: ClickJob[] };
export type ClicksQueueJob = ClickBatchJob | ClickJob;

export function clicksOf(job: ClicksQueueJob): ClickJob[] {
  return 'clicks' in job ? job.clicks : [job];
}

export type Queues = {
  orders: Queue<OrdersQueueJob>;
  refunds: Queue<RefundJob>;
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

/** The clicks queue alone, as `createQueues` opens it: for the click intake's relay (core/clicks/click-intake.ts). */
export function createClicksQueue(connection: ConnectionOptions, prefix: string): Queue<ClicksQueueJob> {
  return new Queue<ClicksQueueJob>(queueNames.clicks, { connection, prefix, defaultJobOptions });
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const options = { connection, prefix, defaultJobOptions };
  const orders = new Queue<OrdersQueueJob>(queueNames.orders, options);
  const refunds = new Queue<RefundJob>(queueNames.refunds, options);
  const pings = new Queue<PingJob>(queueNames.pings, options);
  const clicks = createClicksQueue(connection, prefix);
  return {
    orders,
    refunds,
    pings,
    clicks,
    async close() {
      await Promise.all([orders.close(), refunds.close(), pings.close(), clicks.close()]);
    },
  };
}
