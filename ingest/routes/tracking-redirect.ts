import type Router from '@koa/router';
import { newId } from '../../core/domain/ids';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { QueueWriter } from '../queue-writer';
import type { LinkLookup } from '../link-cache';
import type { IngestMetrics } from '../metrics';
import type { RateLimit } from '../rate-limit';

const NOT_FOUND_PAGE = '<!doctype html><meta charset="utf-8"><title>Link not found</title><h1>Link not found</h1><p>This tracking link does not exist.</p>';
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Appends ref and itc to the stored destination, keeping its own query. */
export function trackedDestination(destinationUrl: string, code: string, clickId: string): string {
  const url = new URL(destinationUrl);
  url.searchParams.set('ref', code);
  url.searchParams.set('itc', clickId);
  return url.toString();
}

/**
 * GET /r/:code → 302 to the stored destination only; the click is recorded through the queue.
 * Rate-limited per client address before anything else, so a flood costs no lookup and no job.
 */
export function mountTrackingRedirect(
  router: Router,
  deps: { findLink: LinkLookup; enqueueClick: QueueWriter['enqueueClick']; checkRateLimit: RateLimit; metrics: IngestMetrics; log: Logger },
): void {
  router.get('/r/:code', async (ctx) => {
    const limit = await deps.checkRateLimit(ctx.ip);
    if (!limit.allowed) {
      deps.metrics.redirects.inc({ result: 'rate_limited' });
      ctx.set('Retry-After', String(limit.retryAfterSeconds));
      throw new AppError('rate_limited', 'Too many tracking-link requests from this address; try again after Retry-After seconds.', {
        retryAfterSeconds: limit.retryAfterSeconds,
      });
    }
    const code = ctx.params.code ?? '';
    const link = CODE_PATTERN.test(code) ? await deps.findLink(code) : null;
    if (!link) {
      deps.metrics.redirects.inc({ result: 'not_found' });
      ctx.status = 404;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = NOT_FOUND_PAGE;
      return;
    }
    const clickId = newId('clk');
    try {
      await deps.enqueueClick({ clickId, linkId: link.linkId, workspaceId: link.workspaceId, clickedAt: new Date().toISOString() });
      deps.metrics.redirects.inc({ result: 'redirected' });
    } catch (err) {
      // The shopper still reaches the store: the order can fall back to the ref code.
      deps.log.error({ err, linkId: link.linkId }, 'click could not be queued; redirecting without it');
      deps.metrics.redirects.inc({ result: 'click_not_recorded' });
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer-when-downgrade');
    ctx.status = 302;
    ctx.redirect(trackedDestination(link.destinationUrl, code, clickId));
  });
}
