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
  const invalidStoredReports = new Counter({
    name: 'influtrace_invalid_stored_reports_total',
    help: 'Stuck order reports reconciliation could not re-drive (stored payload invalid): marked skipped with reason invalid_stored_report',
    registers: [registry],
  });
  const webhookObserver = registerWebhookMetrics(registry);
  return {
    registry,
    webhookObserver,
    /** The same activities, counting each processed report's outcome and each stuck report set aside as invalid. */
    countOutcomes(activities: Activities): Activities {
      return {
        ...activities,
        async processOrderReport(...args) {
          const result = await activities.processOrderReport(...args);
          outcomes.inc({ outcome: result.outcome });
          return result;
        },
        async redriveStuckReports(...args) {
          const result = await activities.redriveStuckReports(...args);
          if (result.invalid > 0) invalidStoredReports.inc(result.invalid);
          return result;
        },
      };
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
