import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { InFlightObserver } from '../consumer/in-flight-window';

/** Seconds from a report's arrival at ingest to its recorded outcome: a backlog shows here first. */
const LAG_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** The consumer's own series; queue depth is registered beside them (queue-depth.ts). */
export function createConsumerMetrics(options: {
  inFlightLimit: number;
  inFlightSize: () => number;
  /** false beside the worker in one process: its registry collects them (Registry.merge refuses a name twice). */
  defaultMetrics: boolean;
}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const signalled = new Counter({
    name: 'influtrace_order_reports_signalled_total',
    help: 'Order reports this consumer signalled to their Temporal workflow',
    registers: [registry],
  });
  const processed = new Counter({
    name: 'influtrace_order_reports_processed_total',
    help: 'Signalled order reports whose outcome this consumer saw recorded in PostgreSQL',
    registers: [registry],
  });
  const expired = new Counter({
    name: 'influtrace_order_reports_in_flight_expired_total',
    help: 'Signalled order reports that left the in-flight window by age, without a recorded outcome (reconciliation re-drives them)',
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'influtrace_order_report_outcome_lag_seconds',
    help: "Seconds from an order report's arrival at ingest to its recorded outcome, as this consumer saw it (within 0.2 s)",
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'influtrace_order_workflows_in_flight',
    help: 'Order reports signalled by this consumer and not yet processed (the in-flight window)',
    registers: [registry],
    collect() {
      this.set(options.inFlightSize());
    },
  });
  new Gauge({
    name: 'influtrace_order_workflows_in_flight_limit',
    help: 'The in-flight window of this consumer (ORDER_WORKFLOWS_IN_FLIGHT)',
    registers: [registry],
  }).set(options.inFlightLimit);

  const observer: InFlightObserver = {
    signalled: (count) => signalled.inc(count),
    processed(receivedAtMs) {
      processed.inc(receivedAtMs.length);
      const now = Date.now();
      for (const at of receivedAtMs) lag.observe(Math.max(0, (now - at) / 1000));
    },
    expired: (count) => expired.inc(count),
  };
  return { registry, observer };
}
