import Router from '@koa/router';
import Koa from 'koa';
import { Registry } from 'prom-client';
import { errorHandler } from './error-handler';
import { mountHealthRoutes } from './health';
import { listen, type RunningServer } from './listen';
import { securityHeaders } from './security-headers';
import type { Logger } from '../logger';

/** What a process serves on /metrics and checks on /readyz. */
export type MetricsSource = {
  registry: Registry;
  checks: Record<string, () => Promise<unknown>>;
  /** More Prometheus text appended to the registry's (the Temporal SDK's own worker metrics). */
  appendMetrics?: () => Promise<string>;
};

export type MetricsServerOptions = MetricsSource & {
  host: string;
  /** 0: any free port (tests); the answer's `url` says which. */
  port: number;
  log: Logger;
};

/**
 * Two processes' sources served as one (the worker and the consumer in one process): every series
 * of both registries (their metric names must differ: only one may collect the default metrics),
 * every check of both, each source's appended text.
 */
export function combineMetricsSources(...sources: MetricsSource[]): MetricsSource {
  const appended = sources.flatMap((s) => (s.appendMetrics ? [s.appendMetrics] : []));
  return {
    registry: Registry.merge(sources.map((s) => s.registry)),
    checks: combineChecks(sources.map((s) => s.checks)),
    appendMetrics: appended.length ? async () => (await Promise.all(appended.map((read) => read()))).join('\n') : undefined,
  };
}

/** One check per name; a name both sources check (postgres: each has its own pool) checks both. */
function combineChecks(all: MetricsSource['checks'][]): MetricsSource['checks'] {
  const combined: MetricsSource['checks'] = {};
  for (const checks of all) {
    for (const [name, check] of Object.entries(checks)) {
      const before = combined[name];
      combined[name] = before ? () => Promise.all([before(), check()]) : check;
    }
  }
  return combined;
}

/**
 * /metrics, /healthz and /readyz for a process that serves nothing else over HTTP (the worker,
 * the consumer), the same three routes ingest and the admin API answer beside their own.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<RunningServer> {
  const router = new Router();
  mountHealthRoutes(router, options);
  const app = new Koa();
  app.use(securityHeaders());
  app.use(errorHandler(options.log));
  app.use(router.routes());
  return listen(app, options.host, options.port);
}
