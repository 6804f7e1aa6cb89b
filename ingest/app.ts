import Router from '@koa/router';
import Koa from 'koa';
import type IORedis from 'ioredis';
import type { Config } from '../core/config';
import type { Db } from '../core/db';
import { closeAfterUnreadBody } from '../core/http/close-after-unread-body';
import { errorHandler } from '../core/http/error-handler';
import { unansweredAsError } from '../core/http/unanswered-as-error';
import { securityHeaders } from '../core/http/security-headers';
import { mountHealthRoutes } from '../core/http/health';
import type { Logger } from '../core/logger';
import type { Queues } from '../core/queues';
import { createRefusalLog } from '../core/refusal-log';
import { createAcceptBeacon } from './accept-beacon';
import { createAuthenticateServerKey } from './authenticate-server-key';
import { findKeyHolderInAnyWorkspace, touchIntegrationKey } from '../core/repositories/integration-keys';
import { createKeyCache } from './key-cache';
import { mountServerReportRoutes } from './routes/server-reports';
import type { DropReason } from './drop-reasons';
import { createIntegrationCache } from './integration-cache';
import { createLinkCache } from './link-cache';
import { createIngestMetrics, timeRequests } from './metrics';
import { createUniqueClickDecider, createUniqueClickKeys } from '../core/clicks/decide-unique-click';
import { createVisitorKeys } from '../core/clicks/visitor-key';
import { clickIntakeKey } from '../core/clicks/click-intake';
import { createPingThrottle } from './ping-throttle';
import type { PixelAsset } from './pixel-asset';
import { createRateLimit } from './rate-limit';
import { mountEventRoutes } from './routes/events';
import { mountOpenApiRoute } from './routes/openapi';
import { mountPixelRoute } from './routes/pixel-script';
import { mountTrackingRedirect } from './routes/tracking-redirect';
import { createQueueWriter } from './queue-writer';
import { isRefundIdTaken } from '../core/repositories/refunds';

export type IngestDeps = {
  db: Db;
  redis: IORedis;
  queues: Queues;
  pixel: PixelAsset;
  log: Logger;
  queuePrefix: string;
  pingThrottleSeconds: number;
  rateLimits: Config['rateLimits'];
  serverRequestsPerMinute: number;
  /** Only behind a proxy that sets X-Forwarded-For; otherwise any client could pick its own address. */
  proxy: { trust: boolean; hops: number };
};

/** The public edge: t.js, beacons, tracking redirects, the store server's orders and refunds. Returns the app; server.ts listens. */
export function createIngestApp(deps: IngestDeps) {
  const metrics = createIngestMetrics();
  const refusals = createRefusalLog<DropReason>({ redis: deps.redis, prefix: deps.queuePrefix });
  const integrations = createIntegrationCache(deps.db, undefined, (result) => metrics.integrationLookups.inc({ result }));
  const queueWriter = createQueueWriter(deps.queues, metrics);
  const keys = createKeyCache((keyHash) => findKeyHolderInAnyWorkspace(deps.db, keyHash));
  const rateLimit = (
    name: 'beacons' | 'redirects' | 'server',
    perMinute: number,
    claims?: { onClaimUndecided: (claims: number) => void; recordStream: string },
  ) =>
    createRateLimit(deps.redis, {
      prefix: deps.queuePrefix,
      name,
      perMinute,
      onCountedInMemory: (hits) => metrics.rateLimitCountedInMemory.inc({ limit: name }, hits),
      ...claims,
    });
  const acceptBeacon = createAcceptBeacon({
    queues: deps.queues,
    enqueueOrder: queueWriter.enqueueOrder,
    integrations,
    shouldRecordPing: createPingThrottle(deps.redis, { prefix: deps.queuePrefix, windowSeconds: deps.pingThrottleSeconds }),
    checkRateLimit: rateLimit('beacons', deps.rateLimits.beaconsPerMinute),
    metrics,
  });
  // The redirect's unique-click keys and its clicks (into the click intake) ride on this limit's script call.
  const checkRedirectRateLimit = rateLimit('redirects', deps.rateLimits.redirectsPerMinute, {
    onClaimUndecided: (clicks) => metrics.uniqueClicksUndecided.inc(clicks),
    recordStream: clickIntakeKey(deps.queuePrefix),
  });
  const uniqueClickKeyOf = createUniqueClickKeys({
    prefix: deps.queuePrefix,
    visitorKeyOf: createVisitorKeys(deps.redis, { prefix: deps.queuePrefix }),
  });

  const router = new Router();
  mountHealthRoutes(router, {
    registry: metrics.registry,
    checks: { redis: () => deps.redis.ping(), postgres: () => deps.db.raw('select 1') },
  });
  mountOpenApiRoute(router);
  mountPixelRoute(router, deps.pixel);
  mountEventRoutes(router, { acceptBeacon, refusals, metrics, log: deps.log });
  mountTrackingRedirect(router, {
    findLink: createLinkCache(deps.db),
    enqueueClick: queueWriter.enqueueClick,
    uniqueClickKeyOf,
    isFirstClickOfDay: createUniqueClickDecider(deps.redis, {
      uniqueClickKeyOf,
      onUndecided: (clicks) => metrics.uniqueClicksUndecided.inc(clicks),
    }),
    checkRateLimit: checkRedirectRateLimit,
    metrics,
    log: deps.log,
  });
  mountServerReportRoutes(router, {
    authenticate: createAuthenticateServerKey({
      keys,
      integrations,
      touchKey: (keyId) => touchIntegrationKey(deps.db, keyId),
      onTouchFailed: (err) => deps.log.warn({ err: (err as Error).message }, 'could not record a secret key use'),
    }),
    checkRateLimit: rateLimit('server', deps.serverRequestsPerMinute),
    enqueueOrder: queueWriter.enqueueOrder,
    refunds: deps.queues.refunds,
    isRefundIdTaken: (refund) => isRefundIdTaken(deps.db, refund),
    refusals,
    metrics,
    log: deps.log,
  });

  // With a trusted proxy, ctx.ip is the X-Forwarded-For entry `hops` from the right: the one
  // the proxy added, not whatever the client wrote in front of it.
  const app = new Koa({ proxy: deps.proxy.trust, maxIpsCount: deps.proxy.trust ? deps.proxy.hops : 0 });
  app.use(timeRequests(metrics.requestSeconds));
  app.use(closeAfterUnreadBody());
  app.use(securityHeaders());
  app.use(errorHandler(deps.log));
  app.use(unansweredAsError());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, metrics, integrations, keys, refusals, queueWriter };
}
