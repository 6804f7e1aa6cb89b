import { once } from 'node:events';
import type IORedis from 'ioredis';
import { clickIntakeKey } from '../../core/clicks/click-intake';
import { Gauge, type Registry } from 'prom-client';
import { openWatchedQueues } from '../../core/watched-queues';
import { withTimeout } from '../../core/with-timeout';

/** The states an operator watches; `completed` is trimmed by age and says little. */
export const watchedJobStates = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How long a scrape may wait for Redis: a slow Redis must not hang Prometheus. */
const READ_TIMEOUT_MS = 2_000;

/** The click intake, in front of the clicks queue, is counted as a queue of this name (its entries as `waiting`). */
export const CLICK_INTAKE_QUEUE = 'click-intake';

/**
 * Queue depth per queue and state, and the age of each queue's oldest waiting job, read from
 * Redis when Prometheus scrapes. Every queue in core/queues.ts `queueNames` is watched, so a
 * queue added there is measured without a change here. While Redis does not answer, the series
 * are absent from the scrape (an alert on `absent()` or on the consumer's /readyz tells why).
 */
export function registerQueueDepthMetrics(registry: Registry, options: { connection: IORedis; prefix: string }) {
  const queues = openWatchedQueues(options.connection, options.prefix);
  const intake = clickIntakeKey(options.prefix);
  /** Clicks in the intake stream not yet relayed into the clicks queue (core/clicks/click-intake.ts). */
  async function clickIntakeLength(): Promise<number> {
    const connection = options.connection;
    // A fail-fast connection refuses commands until it is ready; the wait is bounded (and its listener removed) like the read.
    if (connection.status !== 'ready') await once(connection, 'ready', { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    return connection.xlen(intake);
  }

  new Gauge({
    name: 'influtrace_queue_jobs',
    help: 'Jobs in each BullMQ queue, by state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const read = Promise.all([Promise.all(queues.map((q) => q.getJobCounts(...watchedJobStates))), clickIntakeLength()]);
      const counts = await withTimeout(read, READ_TIMEOUT_MS, 'reading queue depths').catch(() => null);
      if (!counts) return;
      queues.forEach((queue, i) => {
        for (const state of watchedJobStates) this.set({ queue: queue.name, state }, counts[0][i]?.[state] ?? 0);
      });
      this.set({ queue: CLICK_INTAKE_QUEUE, state: 'waiting' }, counts[1]);
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
