import type { Middleware } from 'koa';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createIngestMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestSeconds: new Histogram({
      name: 'influtrace_ingest_request_duration_seconds',
      help: 'Ingest HTTP request latency, by route pattern (never the raw path), method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    beaconsAccepted: new Counter({ name: 'influtrace_beacons_accepted_total', help: 'Beacons queued, by type', labelNames: ['type'], registers: [registry] }),
    beaconsRefused: new Counter({
      name: 'influtrace_beacons_refused_total',
      help: 'Beacons refused at the edge, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    serverRequestsAccepted: new Counter({
      name: 'influtrace_server_requests_accepted_total',
      help: "Orders and refunds from stores' servers (secret key) queued, by type",
      labelNames: ['type'],
      registers: [registry],
    }),
    serverRequestsRefused: new Counter({
      name: 'influtrace_server_requests_refused_total',
      help: "Orders and refunds from stores' servers refused at the edge, by type and reason",
      labelNames: ['type', 'reason'],
      registers: [registry],
    }),
    pingsThrottled: new Counter({ name: 'influtrace_pings_throttled_total', help: 'Pings answered without a write', registers: [registry] }),
    integrationLookups: new Counter({
      name: 'influtrace_integration_lookups_total',
      help: 'Integration ids not in memory: looked up in PostgreSQL (queried), refused for their shape (not_an_id) or past the lookup budget (over_budget)',
      labelNames: ['result'],
      registers: [registry],
    }),
    enqueueSeconds: new Histogram({
      name: 'influtrace_enqueue_seconds',
      help: 'Time to add a job to BullMQ',
      labelNames: ['queue'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    reportsPerJob: new Histogram({
      name: 'influtrace_order_reports_per_job',
      help: 'Order reports carried by one queue job (reports accepted in the same event-loop turn share a job)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200],
      registers: [registry],
    }),
    rateLimitCountedInMemory: new Counter({
      name: 'influtrace_rate_limit_counted_in_memory_total',
      help: 'Rate-limit hits counted in this process only, because Redis could not count them (not ready, or the count failed)',
      labelNames: ['limit'],
      registers: [registry],
    }),
    clicksFiltered: new Counter({
      name: 'influtrace_clicks_filtered_total',
      help: 'Tracking-link requests redirected without recording a click, by reason (head, no_user_agent, bot: crawlers and link previews)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    uniqueClicksUndecided: new Counter({
      name: 'influtrace_unique_clicks_undecided_total',
      help: 'Clicks recorded as not unique because Redis could not decide whether the visitor had clicked the link today',
      registers: [registry],
    }),
    redirects: new Counter({ name: 'influtrace_redirects_total', help: 'Tracking link redirects, by result', labelNames: ['result'], registers: [registry] }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

/**
 * Times every request, labelled by the router's pattern (`/r/:code`), so that codes, ids and
 * probing paths never become label values. Goes first, so it sees the status errors were given.
 */
export function timeRequests(histogram: IngestMetrics['requestSeconds']): Middleware {
  // One child per (route, method, status) seen: the label set is hashed once, not on every request.
  // Bounded: routes are patterns and methods and statuses are few (an unknown method is one more).
  const children = new Map<string, ReturnType<typeof histogram.labels>>();
  function childOf(route: string, method: string, status: string) {
    const key = `${route} ${method} ${status}`;
    let child = children.get(key);
    if (!child) children.set(key, (child = histogram.labels({ route, method, status })));
    return child;
  }
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      childOf(route === undefined ? 'unmatched' : String(route), ctx.method, String(ctx.status)).observe((performance.now() - started) / 1000);
    }
  };
}
