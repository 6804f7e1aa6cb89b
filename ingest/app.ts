import Router from '@koa/router';
import Koa from 'koa';
import type IORedis from 'ioredis';
import type { Db } from '../core/db';
import { errorHandler } from '../core/http/error-handler';
import { mountHealthRoutes } from '../core/http/health';
import type { Logger } from '../core/logger';
import type { Queues } from '../core/queues';
import { createAcceptBeacon } from './accept-beacon';
import { createIntegrationCache } from './integration-cache';
import { createLinkCache } from './link-cache';
import { createIngestMetrics } from './metrics';
import { createPingThrottle } from './ping-throttle';
import type { PixelAsset } from './pixel-asset';
import { createRefusalLog } from './refusal-log';
import { mountEventRoutes } from './routes/events';
import { mountPixelRoute } from './routes/pixel-script';
import { mountTrackingRedirect } from './routes/tracking-redirect';

export type IngestDeps = {
  db: Db;
  redis: IORedis;
  queues: Queues;
  pixel: PixelAsset;
  log: Logger;
  queuePrefix: string;
  pingThrottleSeconds: number;
};

/** The public edge: t.js, beacons, tracking redirects. Returns the app; server.ts listens. */
export function createIngestApp(deps: IngestDeps) {
  const metrics = createIngestMetrics();
  const refusals = createRefusalLog({ redis: deps.redis, prefix: deps.queuePrefix, metrics });
  const integrations = createIntegrationCache(deps.db);
  const acceptBeacon = createAcceptBeacon({
    queues: deps.queues,
    integrations,
    shouldRecordPing: createPingThrottle(deps.redis, { prefix: deps.queuePrefix, windowSeconds: deps.pingThrottleSeconds }),
    metrics,
  });

  const router = new Router();
  mountHealthRoutes(router, {
    registry: metrics.registry,
    checks: { redis: () => deps.redis.ping(), postgres: () => deps.db.raw('select 1') },
  });
  mountPixelRoute(router, deps.pixel);
  mountEventRoutes(router, { acceptBeacon, refusals, log: deps.log });
  mountTrackingRedirect(router, { findLink: createLinkCache(deps.db), queues: deps.queues, metrics });

  const app = new Koa({ proxy: true });
  app.use(errorHandler(deps.log));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, metrics, integrations, refusals };
}
