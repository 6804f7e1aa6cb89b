import { createTickBatcher } from '../core/tick-batcher';
import type { ClickJob, OrderJob, Queues } from '../core/queues';
import type { IngestMetrics } from './metrics';

/** Up to this many reports or clicks share one queue job; a busy tick simply makes several. */
const MAX_ITEMS_PER_JOB = 200;

/**
 * Where ingest puts what it accepted: order reports and clicks, batched per event-loop turn into
 * one BullMQ job each (the consumer reads them one by one). Each promise resolves once its job
 * is in Redis, so a 202 is never answered for a report that is not queued.
 */
export function createQueueWriter(queues: Queues, metrics: IngestMetrics) {
  const orders = createTickBatcher<OrderJob>({
    maxItems: MAX_ITEMS_PER_JOB,
    async flush(reports) {
      const stop = metrics.enqueueSeconds.startTimer({ queue: 'orders' });
      await queues.orders.add('orders', { reports });
      stop();
      metrics.reportsPerJob.observe(reports.length);
    },
  });
  const clicks = createTickBatcher<ClickJob>({
    maxItems: MAX_ITEMS_PER_JOB,
    async flush(batch) {
      const stop = metrics.enqueueSeconds.startTimer({ queue: 'clicks' });
      await queues.clicks.add('clicks', { clicks: batch });
      stop();
    },
  });
  return {
    enqueueOrder: (report: OrderJob) => orders.add(report),
    enqueueClick: (click: ClickJob) => clicks.add(click),
    /** Waits for every batch already started; called before the queues close. */
    async drain() {
      await Promise.all([orders.drain(), clicks.drain()]);
    },
  };
}

export type QueueWriter = ReturnType<typeof createQueueWriter>;
