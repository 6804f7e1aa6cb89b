import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { Activities } from '../activities';
import { registerWebhookMetrics } from './webhook-metrics';

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
  const webhookObserver = registerWebhookMetrics(registry);
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
