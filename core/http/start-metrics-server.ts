import Router from '@koa/router';
import Koa from 'koa';
import type { Registry } from 'prom-client';
import { errorHandler } from './error-handler';
import { mountHealthRoutes } from './health';
import { listen, type RunningServer } from './listen';
import { securityHeaders } from './security-headers';
import type { Logger } from '../logger';

export type MetricsServerOptions = {
  host: string;
  /** 0: any free port (tests); the answer's `url` says which. */
  port: number;
  registry: Registry;
  checks: Record<string, () => Promise<unknown>>;
  appendMetrics?: () => Promise<string>;
  log: Logger;
};

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
