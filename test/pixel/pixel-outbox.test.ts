import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';
import { EVENTS_PATH } from '../../core/public-paths';
import { launchChromium } from '../support/browser';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { confirmationUrl, connectPixelStore, type PixelStore } from '../support/pixel-store';
import { orderOutcome } from '../support/store-setup';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait-for';

const COUPON = 'OUTBOX10';

/** One attempt of the pixel to send an order, as the browser made it. */
type Attempt = { at: number; page: Page | null };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the pixel outbox, against the real ingest, queue and workflows', function () {
  const run = randomBytes(3).toString('hex').toUpperCase();
  let p: Pipeline;
  let browser: Browser;
  let shop: PixelStore;
  let eventsUrl: string;
  /** Between the browser and ingest: cut, ingest is unreachable for fetch and sendBeacon alike. */
  let network: TcpProxy;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    const ingest = new URL(p.ingestUrl);
    network = await startTcpProxy({ host: ingest.hostname, port: Number(ingest.port) });
    const ingestUrl = `http://127.0.0.1:${network.port}`;
    browser = await launchChromium();
    shop = await connectPixelStore({ ...p, ingestUrl }, browser, COUPON);
    eventsUrl = `${ingestUrl}${EVENTS_PATH}`;
  });

  after(async function () {
    await browser?.close();
    shop?.demoStore.close();
    await network?.close();
    await p?.stop();
  });

  let context: BrowserContext;
  let page: Page;
  let pageErrors: Error[];
  let attempts: Map<string, Attempt[]>;

  beforeEach(async function () {
    context = await browser.newContext();
    attempts = new Map();
    pageErrors = [];
    context.on('page', (opened) => opened.on('pageerror', (error) => pageErrors.push(error)));
    // Every order the browser tries to send, whether a route answers it or ingest does.
    context.on('request', (request) => {
      if (request.url() !== eventsUrl || request.method() !== 'POST') return;
      const orderId = orderIdOf(request.postData());
      if (orderId) attempts.set(orderId, [...attemptsOf(orderId), { at: Date.now(), page: pageOf(request) }]);
    });
    page = await context.newPage();
  });

  afterEach(async function () {
    await context.close();
    expect(pageErrors).to.deep.equal([]);
  });

  const newOrderId = (name: string) => `OB-${name}-${run}`;
  const attemptsOf = (orderId: string): Attempt[] => attempts.get(orderId) ?? [];
  const confirmation = (orderId: string) => confirmationUrl(shop.store, { orderId, value: '30', currency: 'USD', coupon: COUPON });

  /** Answers every attempt to send `orderId` with `answer` (the others go through), until the returned function is called. */
  async function interceptOrder(orderId: string, answer: (route: Route, attempt: number) => Promise<void>): Promise<() => Promise<void>> {
    let attempt = 0;
    const handler = async (route: Route) => {
      if (orderIdOf(route.request().postData()) !== orderId) return route.continue();
      await answer(route, ++attempt);
    };
    await context.route(eventsUrl, handler);
    return () => context.unroute(eventsUrl, handler);
  }

  /** A made-up ingest answer, with the CORS headers ingest sends so that the pixel can read it. */
  const answerWith = (route: Route, status: number, headers: Record<string, string> = {}) =>
    route.fulfill({
      status,
      contentType: 'application/json',
      headers: {
        'Access-Control-Allow-Origin': shop.store,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'Retry-After',
        ...headers,
      },
      body: JSON.stringify({ error: { code: `status_${status}`, message: 'made up by the test' } }),
    });

  const reports = async (orderId: string): Promise<number> =>
    Number((await p.db('order_reports').where({ integration_id: shop.integrationId, order_id: orderId }).count({ n: '*' }).first())?.n ?? 0);

  /** Credited to the coupon's creator, as one order (one row: orders is unique on integration and order id). */
  async function expectCreditedOnce(orderId: string): Promise<void> {
    const order = await orderOutcome(p, shop, orderId);
    expect(order).to.include({ status: 'credited', attributedBy: 'coupon', creatorId: shop.creatorId, value: 30, currency: 'USD' });
    const rows = await p.db('orders').where({ integration_id: shop.integrationId, order_id: orderId }).select('status');
    expect(rows.map((r: { status: string }) => r.status)).to.deep.equal(['credited']);
  }

  const outboxOf = async (target: Page): Promise<unknown[]> => JSON.parse((await target.evaluate(`localStorage.getItem('influtrace_outbox')`)) ?? '[]');

  /**
   * The shopper has t.js in the browser's cache from an earlier page, buys while ingest cannot be
   * reached, and leaves the store (its hide-time beacon fails as well); the network stays cut.
   */
  async function placeOrderUnreachable(orderId: string): Promise<void> {
    await page.goto(`${shop.store}/`);
    await network.cut();
    await page.goto(confirmation(orderId));
    await waitFor(async () => attemptsOf(orderId).length > 0, 'the first attempt');
    await page.goto('about:blank');
    await sleep(300);
  }

  /**
   * Stops the pages' clock (installed with context.clock.install() before the test's first page)
   * a second past the page's now, and returns that time: from here on the pixel's timers (its
   * outbox poll, its retry times) move only by clock.runFor.
   */
  async function pauseClock(target: Page): Promise<number> {
    const pausedAt = Number(await target.evaluate('Date.now()')) + 1_000;
    await context.clock.pauseAt(pausedAt);
    return pausedAt;
  }

  /** When the outbox's only order is to be sent next (its lease while it is on its way, else its retry time). */
  const dueAt = async (target: Page): Promise<number | undefined> => ((await outboxOf(target)) as { a: number }[])[0]?.a;

  const emptied = (target: Page) => waitFor(async () => (await outboxOf(target)).length === 0, 'the outbox to be empty', 30_000);

  it('credits once, from the next page, an order whose confirmation page could not reach ingest at all', async function () {
    const orderId = newOrderId('UNREACHABLE');
    await placeOrderUnreachable(orderId);
    expect(await reports(orderId), 'reports before ingest could be reached').to.equal(0);

    await network.restore();
    const next = await context.newPage();
    await next.goto(`${shop.store}/`);
    await expectCreditedOnce(orderId);
    await emptied(next);
    expect(await reports(orderId)).to.equal(1);
  });

  it('credits once, from the next page, an order ingest answered 503 on its confirmation page', async function () {
    const orderId = newOrderId('UNAVAILABLE');
    await context.clock.install();
    let answer503!: () => void;
    const clockPaused = new Promise<void>((resolve) => (answer503 = resolve));
    const restore = await interceptOrder(orderId, async (route) => {
      await clockPaused;
      await answerWith(route, 503, { 'Retry-After': '7' });
    });
    await page.goto(confirmation(orderId));
    await waitFor(async () => attemptsOf(orderId).length > 0, 'the first attempt');
    const pausedAt = await pauseClock(page);
    answer503();
    // Kept after the 503, due again Retry-After from its answer (a lease would end sooner).
    await waitFor(async () => (await dueAt(page)) === pausedAt + 7_000, 'the 503 to set when to send again');
    expect(await outboxOf(page), 'kept after a 503').to.have.length(1);
    // Leaving, the page hands the order to sendBeacon (which the test's route does not see).
    await page.goto('about:blank');

    await restore();
    await context.clock.fastForward(7_000);
    await context.clock.resume();
    const next = await context.newPage();
    await next.goto(`${shop.store}/product`);
    await expectCreditedOnce(orderId);
    await emptied(next);
    expect(await reports(orderId), "the beacon's report and the next page's, which confirmed it").to.be.within(1, 2);
  });

  it('sends an order answered 429 again on the same page, not before Retry-After, and credits it once', async function () {
    const orderId = newOrderId('LIMITED');
    await context.clock.install();
    let answer429!: () => void;
    const clockPaused = new Promise<void>((resolve) => (answer429 = resolve));
    const restore = await interceptOrder(orderId, async (route, attempt) => {
      if (attempt > 1) return route.continue();
      await clockPaused;
      await answerWith(route, 429, { 'Retry-After': '3' });
    });
    await page.goto(confirmation(orderId));
    await waitFor(async () => attemptsOf(orderId).length > 0, 'the first attempt');
    const pausedAt = await pauseClock(page);
    answer429();
    // Answered while the clock stands still: the order is due again exactly Retry-After from now.
    await waitFor(async () => (await dueAt(page)) === pausedAt + 3_000, 'the 429 to set when to send again');

    await context.clock.runFor(2_999);
    // Every poll until then has run; sending it would have leased it (a later due time) first.
    expect(await dueAt(page), 'sent again before Retry-After').to.equal(pausedAt + 3_000);
    expect(attemptsOf(orderId)).to.have.length(1);

    await context.clock.runFor(1_001);
    await expectCreditedOnce(orderId);
    await emptied(page);
    expect(attemptsOf(orderId), 'attempts: the 429 and the accepted one').to.have.length(2);
    expect(await reports(orderId)).to.equal(1);
    await restore();
  });

  it('never sends again an order ingest refused with 400, on this page or a later one', async function () {
    const orderId = newOrderId('REFUSED');
    await context.clock.install();
    await interceptOrder(orderId, (route) => answerWith(route, 400));
    await page.goto(confirmation(orderId));
    await waitFor(async () => attemptsOf(orderId).length > 0, 'the first attempt');
    await emptied(page);

    await page.goto(`${shop.store}/`);
    await page.reload();
    await page.goto(confirmation(orderId));
    // The page has the order as sent (so it is never queued again), nothing waits in its outbox, and
    // a minute of its timers (longer than the outbox's longest wait) sends nothing.
    expect(JSON.parse((await page.evaluate(`localStorage.getItem('influtrace_sent')`)) ?? '[]')).to.include(orderId);
    await context.clock.runFor(61_000);
    expect(await outboxOf(page)).to.deep.equal([]);
    expect(attemptsOf(orderId)).to.have.length(1);
    expect(await reports(orderId)).to.equal(0);
  });

  it('credits once an order whose page was closed right after the order call', async function () {
    const orderId = newOrderId('CLOSED');
    await page.goto(`${shop.store}/`);
    await page.evaluate(`influtrace('order', { orderId: '${orderId}', value: 30, currency: 'USD', coupon: '${COUPON}' })`);
    await page.close();
    await expectCreditedOnce(orderId);

    // Whether the answer arrived before the page was gone or not, a later page leaves nothing unsent.
    const next = await context.newPage();
    await next.goto(`${shop.store}/product`);
    await emptied(next);
    await expectCreditedOnce(orderId);
    expect(await reports(orderId)).to.be.at.least(1);
  });

  it('sends an order once, and again after a 503, when localStorage is disabled', async function () {
    await context.addInitScript({
      content: `Object.defineProperty(window, 'localStorage', {
        get: function () { throw new DOMException('storage is blocked', 'SecurityError'); },
      });`,
    });
    const orderId = newOrderId('NOSTORAGE');
    await context.clock.install();
    await interceptOrder(orderId, (route, attempt) => (attempt === 1 ? answerWith(route, 503, { 'Retry-After': '1' }) : route.continue()));
    await page.goto(confirmation(orderId));
    await expectCreditedOnce(orderId);
    // A minute of the page's timers (longer than the outbox's longest wait) sends nothing more.
    await context.clock.runFor(61_000);
    expect(attemptsOf(orderId)).to.have.length(2);
    expect(await reports(orderId)).to.equal(1);
  });

  it('lets one tab send an order left unsent while another tab of the store is open', async function () {
    const orderId = newOrderId('TWOTABS');
    await context.clock.install();
    await placeOrderUnreachable(orderId);
    await network.restore();
    // Slow, so that the second tab opens while the first tab's attempt is still on its way.
    await interceptOrder(orderId, async (route) => {
      await sleep(1_500);
      await route.continue();
    });

    const first = await context.newPage();
    const second = await context.newPage();
    await first.goto(`${shop.store}/`);
    await waitFor(async () => attemptsOf(orderId).length > 1, 'the first tab to send it');
    await second.goto(`${shop.store}/product`);
    await expectCreditedOnce(orderId);
    await emptied(first);
    await emptied(second);
    // Past the lease the first tab took (every poll of both tabs run): the second tab never sent it.
    await context.clock.runFor(6_000);
    const [, ...resent] = attemptsOf(orderId);
    expect(resent.map((a) => (a.page === first ? 'first tab' : a.page === second ? 'second tab' : 'other'))).to.deep.equal(['first tab']);
    expect(await reports(orderId)).to.equal(1);
  });
});

/** The page that made the request; null for a beacon sent as its page went away. */
function pageOf(request: Request): Page | null {
  try {
    return request.frame().page();
  } catch {
    return null;
  }
}

/** The order id of a beacon body, or undefined for pings and anything else. */
function orderIdOf(body: string | null): string | undefined {
  try {
    const beacon = JSON.parse(body ?? '') as { type?: unknown; order?: { orderId?: unknown } };
    return beacon.type === 'order' && typeof beacon.order?.orderId === 'string' ? beacon.order.orderId : undefined;
  } catch {
    return undefined;
  }
}
