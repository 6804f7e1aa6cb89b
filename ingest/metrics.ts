import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createIngestMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    beaconsAccepted: new Counter({ name: 'influtrace_beacons_accepted_total', help: 'Beacons queued, by type', labelNames: ['type'], registers: [registry] }),
    beaconsRefused: new Counter({
      name: 'influtrace_beacons_refused_total',
      help: 'Beacons refused at the edge, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    pingsThrottled: new Counter({ name: 'influtrace_pings_throttled_total', help: 'Pings answered without a write', registers: [registry] }),
    enqueueSeconds: new Histogram({
      name: 'influtrace_enqueue_seconds',
      help: 'Time to add a job to BullMQ',
      labelNames: ['queue'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    redirects: new Counter({ name: 'influtrace_redirects_total', help: 'Tracking link redirects, by result', labelNames: ['result'], registers: [registry] }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
