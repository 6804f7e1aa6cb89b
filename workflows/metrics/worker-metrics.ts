import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Activities } from '../activities';
import { webhookAttemptOutcomes, type WebhookAttemptObserver } from '../activities/webhooks';

/** Seconds of one webhook POST, connecting included (the attempt times out at 10 s by default). */
const WEBHOOK_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The worker's own series beside the Temporal SDK's: what became of the order reports and webhook attempts it processed. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const outcomes = new Counter({
    name: 'influtrace_order_outcomes_total',
    help: 'Order reports processed by this worker, by outcome (credited, skipped, duplicate, pending)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const webhookAttempts = new Counter({
    name: 'influtrace_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by this worker, by outcome: succeeded (2xx), failed (retried later), gone (410: endpoint disabled), disabled (failed, and the endpoint has failed too long: disabled), url_refused (the URL failed the policy at delivery)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // Every outcome from the start, at 0: a rate over a series that appears later misses its first increase.
  for (const outcome of webhookAttemptOutcomes) webhookAttempts.inc({ outcome }, 0);
  const webhookDuration = new Histogram({
    name: 'influtrace_webhook_delivery_duration_seconds',
    help: 'Seconds of the HTTP exchange of each webhook delivery attempt, connecting included, whatever its answer',
    buckets: WEBHOOK_DURATION_BUCKETS,
    registers: [registry],
  });
  const webhookObserver: WebhookAttemptObserver = {
    attempted(outcome, httpMs) {
      webhookAttempts.inc({ outcome });
      if (httpMs !== null) webhookDuration.observe(httpMs / 1000);
    },
  };
  return {
    registry,
    webhookObserver,
    /** The same activities, counting each processed report's outcome. */
    countOutcomes(activities: Activities): Activities {
      return {
        ...activities,
        async processOrderReport(...args) {
          const result = await activities.processOrderReport(...args);
          outcomes.inc({ outcome: result.outcome });
          return result;
        },
      };
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
