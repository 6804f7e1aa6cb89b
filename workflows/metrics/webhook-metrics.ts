import { Counter, Histogram, type Registry } from 'prom-client';
import { webhookAttemptOutcomes, type WebhookAttemptObserver } from '../activities/webhooks';

/** Seconds of one webhook POST, connecting included (the attempt times out at 10 s by default). */
const WEBHOOK_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The worker's webhook series, on its registry: attempts by outcome and each POST's duration.
 * Labelled by outcome only: no endpoint, event or URL label, so the series stay few however many endpoints exist.
 */
export function registerWebhookMetrics(registry: Registry): WebhookAttemptObserver {
  const attempts = new Counter({
    name: 'influtrace_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by this worker, by outcome: succeeded (2xx), failed (retried later), gone (410: endpoint disabled), disabled (failed, and the endpoint has failed too long: disabled), url_refused (the URL failed the policy at delivery)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // Every outcome from the start, at 0: a rate over a series that appears later misses its first increase.
  for (const outcome of webhookAttemptOutcomes) attempts.inc({ outcome }, 0);
  const duration = new Histogram({
    name: 'influtrace_webhook_delivery_duration_seconds',
    help: 'Seconds of the HTTP exchange of each webhook delivery attempt, connecting included, whatever its answer',
    buckets: WEBHOOK_DURATION_BUCKETS,
    registers: [registry],
  });
  return {
    attempted(outcome, httpMs) {
      attempts.inc({ outcome });
      if (httpMs !== null) duration.observe(httpMs / 1000);
    },
  };
}
