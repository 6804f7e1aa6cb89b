import type { Queue } from 'bullmq';
import type { Middleware } from 'koa';
import { loadOnce } from '../../core/load-once';

export const QUEUE_DASHBOARD_PATH = '/operator/queues';

/**
 * bull-board's page is its own script and styles from this origin, with inline style
 * attributes and one inline <style> element: that, and nothing else, is what the policy
 * allows beyond the admin dashboard's. Its web fonts from a third party are not asked for at
 * all (see withoutThirdPartyFonts): the page uses the system's. Its job data stays out of shared caches.
 */
export const QUEUE_DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'Content-Security-Policy': QUEUE_DASHBOARD_CSP,
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** bull-board's page links Google Fonts, which the policy refuses (a console error on every load): the link is taken out. */
const THIRD_PARTY_FONT_LINK = /<link\b[^>]*\bhref="https:\/\/fonts\.(?:googleapis|gstatic)\.com[^"]*"[^>]*>\s*/gi;

export function withoutThirdPartyFonts(html: string): string {
  return html.replace(THIRD_PARTY_FONT_LINK, '');
}

/**
 * The BullMQ queue dashboard (bull-board) for these queues: see, retry and clean jobs. Not
 * guarded: see operator-routes.ts. bull-board is loaded on the first request that reaches it,
 * not at start-up: it is ~0.4 s of the admin API's start and most starts never open it.
 */
export function queueDashboard(queues: Queue[]): Middleware {
  // A failed load is tried again on the next request.
  const board = loadOnce(() => loadBoard(queues));
  return async (ctx, next) => {
    const handle = await board.get();
    await handle(ctx, next);
    if (typeof ctx.body === 'string' && ctx.response.is('html')) ctx.body = withoutThirdPartyFonts(ctx.body);
    ctx.set(HEADERS);
  };
}

async function loadBoard(queues: Queue[]): Promise<Middleware> {
  const [{ createBullBoard }, { BullMQAdapter }, { KoaAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/koa'),
  ]);
  const serverAdapter = new KoaAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { allowRetries: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'InfluTrace queues' } },
  });
  return serverAdapter.registerPlugin() as unknown as Middleware;
}
