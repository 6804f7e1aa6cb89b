import type { ConnectionOptions } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { openWatchedQueues } from '../../core/watched-queues';
import { withTimeout } from '../../core/with-timeout';

/** The states an operator watches; `completed` is trimmed by age and says little. */
export const watchedJobStates = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How long a scrape may wait for Redis: a slow Redis must not hang Prometheus. */
const READ_TIMEOUT_MS = 2_000;

/**
 * Queue depth per queue and state, and the age of each queue's oldest waiting job, read from
 * Redis when Prometheus scrapes. Every queue in core/queues.ts `queueNames` is watched, so a
 * queue added there is measured without a change here. While Redis does not answer, the series
 * are absent from the scrape (an alert on `absent()` or on the consumer's /readyz tells why).
 */
export function registerQueueDepthMetrics(registry: Registry, options: { connection: ConnectionOptions; prefix: string }) {
  const queues = openWatchedQueues(options.connection, options.prefix);

  new Gauge({
    name: 'influtrace_queue_jobs',
    help: 'Jobs in each BullMQ queue, by state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await withTimeout(Promise.all(queues.map((q) => q.getJobCounts(...watchedJobStates))), READ_TIMEOUT_MS, 'reading queue depths').catch(
        () => null,
      );
      if (!counts) return;
      queues.forEach((queue, i) => {
        for (const state of watchedJobStates) this.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
      });
    },
  });

  new Gauge({
    name: 'influtrace_queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest job waiting in each BullMQ queue since it was queued (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      const oldest = await withTimeout(
        Promise.all(queues.map((q) => q.getJobs(['waiting'], 0, 0, true))),
        READ_TIMEOUT_MS,
        'reading the oldest waiting jobs',
      ).catch(() => null);
      if (!oldest) return;
      const now = Date.now();
      queues.forEach((queue, i) => {
        const job = oldest[i]?.[0];
        this.set({ queue: queue.name }, job ? Math.max(0, (now - job.timestamp) / 1000) : 0);
      });
    },
  });

  return {
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
