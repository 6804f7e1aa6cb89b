import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { filterClick } from '../../core/clicks/filter-click';
import type { IsFirstClickOfDay } from '../../core/clicks/decide-unique-click';
import { newId } from '../../core/domain/ids';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { QueueWriter } from '../queue-writer';
import type { LinkLookup, LinkTarget } from '../link-cache';
import type { IngestMetrics } from '../metrics';
import type { RateLimit } from '../rate-limit';

const NOT_FOUND_PAGE = '<!doctype html><meta charset="utf-8"><title>Link not found</title><h1>Link not found</h1><p>This tracking link does not exist.</p>';
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Appends ref (and itc, when a click was recorded) to the stored destination, keeping its own query. */
export function trackedDestination(destinationUrl: string, code: string, clickId: string | null): string {
  const url = new URL(destinationUrl);
  url.searchParams.set('ref', code);
  if (clickId) url.searchParams.set('itc', clickId);
  return url.toString();
}

type RedirectDeps = {
  findLink: LinkLookup;
  enqueueClick: QueueWriter['enqueueClick'];
  isFirstClickOfDay: IsFirstClickOfDay;
  checkRateLimit: RateLimit;
  metrics: IngestMetrics;
  log: Logger;
};

/** Queues a person's click (unique or not, decided in Redis) and returns its id, which the redirect carries even if queueing failed. */
async function recordClick(deps: RedirectDeps, link: LinkTarget, visitor: { address: string; userAgent: string }): Promise<string> {
  const clickId = newId('clk');
  const at = new Date();
  try {
    const unique = await deps.isFirstClickOfDay({ linkId: link.linkId, ...visitor, at });
    await deps.enqueueClick({ clickId, linkId: link.linkId, workspaceId: link.workspaceId, clickedAt: at.toISOString(), unique });
    deps.metrics.redirects.inc({ result: 'redirected' });
    return clickId;
  } catch (err) {
    // The shopper still reaches the store: the order can fall back to the ref code.
    deps.log.error({ err, linkId: link.linkId }, 'click could not be queued; redirecting without it');
    deps.metrics.redirects.inc({ result: 'click_not_recorded' });
    return clickId;
  }
}

/**
 * GET and HEAD /r/:code → 302 to the stored destination only. A person's GET records a click
 * through the queue and carries its id (`itc`); a HEAD, a bot, a link preview or a request with no
 * User-Agent gets the same redirect with `ref` only and records nothing (counted by reason).
 * Rate-limited per client address before anything else, so a flood costs no lookup and no job.
 */
export function mountTrackingRedirect(router: Router, deps: RedirectDeps): void {
  async function redirect(ctx: RouterContext): Promise<void> {
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
    const userAgent = ctx.get('user-agent');
    const filtered = filterClick({ method: ctx.method, userAgent });
    if (filtered) {
      deps.metrics.clicksFiltered.inc({ reason: filtered });
      deps.metrics.redirects.inc({ result: 'filtered' });
    }
    const clickId = filtered ? null : await recordClick(deps, link, { address: ctx.ip, userAgent });
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer-when-downgrade');
    ctx.status = 302;
    ctx.redirect(trackedDestination(link.destinationUrl, code, clickId));
  }
  // @koa/router answers HEAD with the GET route; the method is told apart in filterClick.
  router.get('/r/:code', redirect);
}
