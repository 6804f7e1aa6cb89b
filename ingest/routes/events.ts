import type Router from '@koa/router';
import type { Context } from 'koa';
import { beaconOrigin } from '../../core/domain/origin';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { RefusalLog } from '../../core/refusal-log';
import type { AcceptBeacon } from '../accept-beacon';
import { BeaconDropped, type DropReason } from '../drop-reasons';
import type { IngestMetrics } from '../metrics';
import { readBeacon } from '../read-beacon';

import { EVENTS_PATH } from '../../core/public-paths';

/**
 * sendBeacon always sends credentials, so the answer names the exact origin and allows
 * credentials (never `*`). text/plain bodies need no preflight; OPTIONS is answered anyway.
 * The pixel reads Retry-After (429, 503) to know when to send an order again.
 */
function allowCors(ctx: Context): void {
  const origin = ctx.get('Origin');
  ctx.vary('Origin');
  if (!origin) return;
  ctx.set('Access-Control-Allow-Origin', origin);
  ctx.set('Access-Control-Allow-Credentials', 'true');
  ctx.set('Access-Control-Expose-Headers', 'Retry-After');
}

export function mountEventRoutes(
  router: Router,
  deps: { acceptBeacon: AcceptBeacon; refusals: RefusalLog<DropReason>; metrics: IngestMetrics; log: Logger },
): void {
  router.options(EVENTS_PATH, (ctx) => {
    allowCors(ctx);
    ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type');
    ctx.set('Access-Control-Max-Age', '86400');
    ctx.status = 204;
  });

  router.post(EVENTS_PATH, async (ctx) => {
    allowCors(ctx);
    const origin = beaconOrigin(ctx.get('Origin') || undefined, ctx.get('Referer') || undefined);
    try {
      const beacon = await readBeacon(ctx);
      const result = await deps.acceptBeacon(beacon, { origin, clientIp: ctx.ip, receivedAt: new Date() });
      ctx.status = 202;
      ctx.body = { status: result.queued ? 'queued' : 'throttled' };
    } catch (err) {
      if (err instanceof BeaconDropped) {
        deps.metrics.beaconsRefused.inc({ reason: err.reason });
        if (err.integrationId) deps.refusals.record(err.reason, err.integrationId);
        if (typeof err.details?.retryAfterSeconds === 'number') ctx.set('Retry-After', String(err.details.retryAfterSeconds));
        deps.log.debug({ reason: err.reason, integrationId: err.integrationId, origin }, 'beacon refused');
        throw err;
      }
      // The queue or the integration lookup is unavailable: the beacon was not kept, say so.
      deps.log.error({ err }, 'beacon could not be queued');
      ctx.set('Retry-After', '5');
      throw new AppError('service_unavailable', 'The beacon could not be queued; send it again shortly.');
    }
  });
}
