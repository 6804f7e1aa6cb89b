import type Router from '@koa/router';
import { LRUCache } from 'lru-cache';
import type { RouterContext } from '@koa/router';
import { encodeIntakeClick } from '../../core/clicks/click-intake';
import { filterClick } from '../../core/clicks/filter-click';
import type { IsFirstClickOfDay, UniqueClickKeyOf } from '../../core/clicks/decide-unique-click';
import { newId } from '../../core/domain/ids';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { QueueWriter } from '../queue-writer';
import type { LinkLookup, LinkTarget } from '../link-cache';
import type { IngestMetrics } from '../metrics';
import type { Claim, RateLimit } from '../rate-limit';

const NOT_FOUND_PAGE = '<!doctype html><meta charset="utf-8"><title>Link not found</title><h1>Link not found</h1><p>This tracking link does not exist.</p>';
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Appends ref (and itc, when a click was recorded) to the stored destination, keeping its own query. */
export function trackedDestination(destinationUrl: string, code: string, clickId: string | null): string {
  const url = new URL(destinationUrl);
  url.searchParams.set('ref', code);
  if (clickId) url.searchParams.set('itc', clickId);
  return url.toString();
}

/** The (destination, code) pairs remembered, least recently used first out. */
const MAX_REMEMBERED_DESTINATIONS = 10_000;

/**
 * trackedDestination without parsing the URL on each redirect: per (destination, code), the URL
 * with `ref` is built once, and a click's `itc` (a URL-safe id) is appended to its query, as
 * `searchParams.set` would, before any fragment. A destination that already has an `itc` is built
 * the slow way each time.
 */
export function createTrackedDestinations() {
  const remembered = new LRUCache<string, { head: string; fragment: string } | { slowPath: true }>({ max: MAX_REMEMBERED_DESTINATIONS });
  return function tracked(destinationUrl: string, code: string, clickId: string | null): string {
    const pair = `${code} ${destinationUrl}`;
    let parts = remembered.get(pair);
    if (parts === undefined) {
      const href = trackedDestination(destinationUrl, code, null);
      // A serialized URL's first '#' starts its fragment (the path and query have it escaped).
      const hash = href.indexOf('#');
      parts = new URL(href).searchParams.has('itc')
        ? { slowPath: true }
        : hash < 0
          ? { head: href, fragment: '' }
          : { head: href.slice(0, hash), fragment: href.slice(hash) };
      remembered.set(pair, parts);
    }
    if ('slowPath' in parts) return trackedDestination(destinationUrl, code, clickId);
    return clickId ? `${parts.head}&itc=${clickId}${parts.fragment}` : `${parts.head}${parts.fragment}`;
  };
}

type RedirectDeps = {
  findLink: LinkLookup;
  /** Queues a click as a job of its own: for a link that had to come from PostgreSQL, or when the intake could not take it. */
  enqueueClick: QueueWriter['enqueueClick'];
  /** The unique-click key of a person's click, set by the rate limit's script call when the link is known from memory. */
  uniqueClickKeyOf: UniqueClickKeyOf;
  /** A unique-click decision of its own, for a click whose link had to be looked up after the rate limit. */
  isFirstClickOfDay: IsFirstClickOfDay;
  checkRateLimit: RateLimit;
  metrics: IngestMetrics;
  log: Logger;
};

type Visitor = { address: string; userAgent: string };

/**
 * GET and HEAD /r/:code → 302 to the stored destination only. A person's GET records a click
 * through the queue and carries its id (`itc`); a HEAD, a bot, a link preview or a request with no
 * User-Agent gets the same redirect with `ref` only and records nothing (counted by reason).
 * Rate-limited per client address before anything else, so a flood costs no lookup and no job.
 *
 * One Redis round trip per click: when the link is in memory (the usual case), the person's
 * unique-click key (`SET … NX`) and the click itself (appended to the click intake stream,
 * core/clicks/click-intake.ts) ride on the rate limit's script call, both only if the hit is
 * allowed. A link that must come from PostgreSQL is looked up after the rate limit; its click's
 * uniqueness is then decided, and its click queued, by calls of their own.
 */
export function mountTrackingRedirect(router: Router, deps: RedirectDeps): void {
  const counted = {
    redirected: deps.metrics.redirects.labels({ result: 'redirected' }),
    clickNotRecorded: deps.metrics.redirects.labels({ result: 'click_not_recorded' }),
    rateLimited: deps.metrics.redirects.labels({ result: 'rate_limited' }),
    notFound: deps.metrics.redirects.labels({ result: 'not_found' }),
    filtered: deps.metrics.redirects.labels({ result: 'filtered' }),
  };
  const trackedUrl = createTrackedDestinations();
  const filteredBy = {
    head: deps.metrics.clicksFiltered.labels({ reason: 'head' }),
    no_user_agent: deps.metrics.clicksFiltered.labels({ reason: 'no_user_agent' }),
    bot: deps.metrics.clicksFiltered.labels({ reason: 'bot' }),
  };

  /**
   * The claim a person's click makes in the rate limit's call: its unique-click key and the click
   * itself for the intake. Without the day's visitor key (Redis away) there is none: the click then
   * counts as not unique and is queued on its own.
   */
  async function claimOf(link: LinkTarget, visitor: Visitor, at: Date, clickId: string): Promise<Claim | undefined> {
    try {
      const unique = await deps.uniqueClickKeyOf({ linkId: link.linkId, ...visitor, at });
      return { ...unique, record: encodeIntakeClick({ clickId, linkId: link.linkId, workspaceId: link.workspaceId, clickedAtMs: at.getTime() }) };
    } catch {
      deps.metrics.uniqueClicksUndecided.inc();
      return undefined;
    }
  }

  /** Queues a person's click as a job of its own; the redirect carries its id even if queueing failed. */
  async function queueClick(link: LinkTarget, at: Date, unique: boolean, clickId: string): Promise<void> {
    try {
      await deps.enqueueClick({ clickId, linkId: link.linkId, workspaceId: link.workspaceId, clickedAt: at.toISOString(), unique });
      counted.redirected.inc();
    } catch (err) {
      // The shopper still reaches the store: the order can fall back to the ref code.
      deps.log.error({ err, linkId: link.linkId }, 'click could not be queued; redirecting without it');
      counted.clickNotRecorded.inc();
    }
  }

  async function redirect(ctx: RouterContext): Promise<void> {
    const code = ctx.params.code ?? '';
    const knownCode = CODE_PATTERN.test(code);
    const userAgent = ctx.get('user-agent');
    const filtered = filterClick({ method: ctx.method, userAgent });
    const visitor: Visitor = { address: ctx.ip, userAgent };
    const at = new Date();
    // undefined: not in memory, so only PostgreSQL can tell (after the rate limit).
    const inMemory = knownCode ? deps.findLink.cached(code) : null;
    // A person's click on a link that exists, or may (not in memory): a code known to be unknown gets a 404, no id.
    const clickId = filtered || inMemory === null ? null : newId('clk');
    const claim = inMemory && clickId ? await claimOf(inMemory, visitor, at, clickId) : undefined;

    const limit = await deps.checkRateLimit(ctx.ip, claim);
    if (!limit.allowed) {
      counted.rateLimited.inc();
      ctx.set('Retry-After', String(limit.retryAfterSeconds));
      throw new AppError('rate_limited', 'Too many tracking-link requests from this address; try again after Retry-After seconds.', {
        retryAfterSeconds: limit.retryAfterSeconds,
      });
    }
    const link = inMemory !== undefined ? inMemory : await deps.findLink(code);
    if (!link) {
      counted.notFound.inc();
      ctx.status = 404;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = NOT_FOUND_PAGE;
      return;
    }
    if (filtered) {
      filteredBy[filtered].inc();
      counted.filtered.inc();
    } else if (clickId && limit.recorded) {
      counted.redirected.inc();
    } else if (clickId) {
      const unique = inMemory ? limit.claimed === true : await deps.isFirstClickOfDay({ linkId: link.linkId, ...visitor, at });
      await queueClick(link, at, unique, clickId);
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer-when-downgrade');
    ctx.status = 302;
    ctx.redirect(trackedUrl(link.destinationUrl, code, clickId));
  }
  // @koa/router answers HEAD with the GET route; the method is told apart in filterClick.
  router.get('/r/:code', redirect);
}
