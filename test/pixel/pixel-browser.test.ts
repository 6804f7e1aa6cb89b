import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createDemoStoreApp, pixelSnippet, scriptJson } from '../../demo-store/app';
import { buildPixel, PIXEL_SIZE_BUDGET_GZIP, type PixelBuild } from '../../pixel/build';
import { launchChromium } from '../support/browser';

const PIXEL_PATH = '/api/v1/integrations/custom/t.js';
const EVENTS_PATH = '/api/v1/integrations/custom/events';
const INTEGRATION_ID = 'int_pixel_test';
const DAY_MS = 864e5;
const SLOW_IMAGE_MS = 500;

/** When a test page sets window.influtraceOrder, relative to the snippet and t.js. */
type OrderTiming = 'before-snippet' | 'after-pixel-ran' | 'after-domcontentloaded';

// Init scripts are plain JavaScript strings: tsx would compile functions with helpers (__name) the page lacks.
const RECORD_PAGESHOW = `window.__pageshows = [];
addEventListener('pageshow', function (event) { window.__pageshows.push(event.persisted); });`;
const RECORD_CSP_VIOLATIONS = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__cspViolations.push(event.effectiveDirective + ' ' + event.blockedURI);
});`;

interface Beacon {
  id: string;
  type: 'ping' | 'order';
  url: string;
  attribution?: { ref?: string; itc?: string; ts: number };
  order?: { orderId: string; value: number; currency: string; coupon?: string };
}

interface Received {
  body: Beacon;
  origin: string | undefined;
  contentType: string | undefined;
  /** Sec-Fetch-Mode: `cors` for fetch, `no-cors` for sendBeacon with a text/plain body. */
  mode: string | undefined;
}

interface PixelWindow {
  influtrace: ((...args: unknown[]) => void) & { q?: unknown[]; id?: string };
}

/** What ingest answers a cross-origin beacon with (ingest/routes/events.ts), for answers a test makes up. */
function corsFor(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': 'Retry-After' };
}

async function listen(server: http.Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

function close(server: http.Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('pixel t.js in a real browser', function () {
  let pixel: PixelBuild;
  let browser: Browser;
  let captureServer: http.Server | undefined;
  let storeServer: http.Server | undefined;
  let store: string;
  let pixelDelayMs = 0;
  const received: Received[] = [];
  /** What the store's server saw of each request: its path and Cookie header. */
  const storeRequests: { path: string; cookie: string | undefined }[] = [];
  const storeCookies = (path: string): (string | undefined)[] => storeRequests.filter((r) => r.path === path).map((r) => r.cookie);

  const captureApp: http.RequestListener = (req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin',
    };
    if (req.method === 'GET' && req.url?.startsWith(PIXEL_PATH)) {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(pixel.code);
      }, pixelDelayMs);
      return;
    }
    if (req.url === EVENTS_PATH && req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type' });
      res.end();
      return;
    }
    if (req.url === EVENTS_PATH && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Beacon,
          origin: req.headers.origin,
          contentType: req.headers['content-type'],
          mode: req.headers['sec-fetch-mode'] as string | undefined,
        });
        res.writeHead(202, { ...cors, 'Content-Type': 'application/json' });
        res.end('{"status":"queued"}');
      });
      return;
    }
    res.writeHead(404).end();
  };

  let pixelUrl: string;
  let bfcacheBrowser: Browser | undefined;

  /**
   * Test-only store pages beside the demo store's. /test/order-timing streams its HTML so that
   * window.influtraceOrder is set at a chosen moment: before the snippet, after t.js has run
   * (the store holds the rest of the page until the pixel's ping arrives), or after
   * DOMContentLoaded while a slow image still holds back the load event.
   */
  const testPages = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', store);
    if (url.pathname === '/test/slow.gif') {
      await new Promise((resolve) => setTimeout(resolve, SLOW_IMAGE_MS));
      res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' });
      res.end(Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64'));
      return true;
    }
    if (url.pathname !== '/test/order-timing') return false;
    const timing = url.searchParams.get('timing') as OrderTiming;
    const setOrder = `window.influtraceOrder = ${scriptJson({ orderId: url.searchParams.get('orderId'), value: 15, currency: 'USD' })};`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.write(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Order timing</title>
${timing === 'before-snippet' ? `<script>${setOrder}</script>` : ''}
${pixelSnippet(pixelUrl, INTEGRATION_ID)}
</head><body><p>Thank you!</p>
`);
    if (timing === 'before-snippet') {
      res.end('</body></html>');
      return true;
    }
    const pageUrl = url.origin + url.pathname;
    const since = received.length;
    await waitFor(() => received.slice(since).find((r) => r.body.type === 'ping' && r.body.url === pageUrl), 't.js to run and ping');
    res.end(
      timing === 'after-pixel-ran'
        ? `<script>${setOrder}</script></body></html>`
        : `<img src="/test/slow.gif" alt="">
<script>
  document.addEventListener('DOMContentLoaded', function () {
    setTimeout(function () { ${setOrder} }, 0);
  });
</script></body></html>`,
    );
    return true;
  };

  before(async function () {
    pixel = await buildPixel();
    captureServer = http.createServer(captureApp);
    const capturePort = await listen(captureServer, '127.0.0.1');
    pixelUrl = `http://127.0.0.1:${capturePort}${PIXEL_PATH}`;
    const demoStore = createDemoStoreApp({ pixelUrl, integrationId: INTEGRATION_ID });
    storeServer = http.createServer((req, res) => {
      storeRequests.push({ path: new URL(req.url ?? '/', store).pathname, cookie: req.headers.cookie });
      testPages(req, res).then(
        (handled) => handled || demoStore(req, res),
        () => res.writeHead(500).end(),
      );
    });
    store = `http://localhost:${await listen(storeServer, '127.0.0.1')}`;
    browser = await launchChromium();
  });

  after(async function () {
    await bfcacheBrowser?.close();
    await browser?.close();
    await close(storeServer);
    await close(captureServer);
  });

  let context: BrowserContext;
  let page: Page;
  let pageErrors: Error[];
  let warnings: string[];
  let firstIndex: number;

  beforeEach(async function () {
    pixelDelayMs = 0;
    firstIndex = received.length;
    context = await browser.newContext();
    page = await context.newPage();
    pageErrors = [];
    warnings = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
  });

  afterEach(async function () {
    await context.close();
  });

  const beacons = (type: Beacon['type']): Received[] => received.slice(firstIndex).filter((r) => r.body.type === type);

  const ordersWithId = (orderId: string): Received[] => beacons('order').filter((r) => r.body.order?.orderId === orderId);

  async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const waitForOrder = (orderId: string): Promise<Received> => waitFor(() => ordersWithId(orderId)[0], `order ${orderId}`);

  /** Until the page has heard ingest answer for every order it sent (its outbox is empty). */
  const delivered = async (target: Page = page): Promise<void> => {
    await target.waitForFunction(`(localStorage.getItem('influtrace_outbox') || '[]') === '[]'`);
  };

  /** When this browser last pinged, as the pixel keeps it: a ping writes it before it is sent. */
  const lastPing = async (target: Page = page): Promise<number> => JSON.parse((await target.evaluate(`localStorage.getItem('influtrace_ping')`)) ?? 'null')?.ts;

  const confirmation = (query: Record<string, string>, path = '/checkout/confirmation'): string => `${store}${path}?${new URLSearchParams(query).toString()}`;

  it(`stays within ${PIXEL_SIZE_BUDGET_GZIP} bytes gzipped`, function () {
    expect(pixel.gzipBytes).to.be.at.most(PIXEL_SIZE_BUDGET_GZIP);
    expect(pixel.rawBytes).to.equal(Buffer.byteLength(pixel.code));
  });

  it('pings from the store origin, at most once per five minutes unless the visitor lands from a tracking link', async function () {
    await context.clock.install();
    await page.goto(`${store}/`);
    const first = await waitFor(() => beacons('ping')[0], 'the first ping');
    expect(first.body).to.deep.equal({ id: INTEGRATION_ID, type: 'ping', url: `${store}/` });
    expect(first.origin).to.equal(store);
    expect(first.contentType).to.match(/^text\/plain/);
    const pingedAt = await lastPing();
    /** The pixel has run on the page (its queue stub replaced by the API), so it has decided whether to ping. */
    const pixelRan = () => page.waitForFunction(`window.influtrace && window.influtrace.id && !('q' in window.influtrace)`);

    await page.goto(`${store}/product`);
    await pixelRan();
    expect(await lastPing(), 'pinged again within five minutes').to.equal(pingedAt);
    expect(beacons('ping')).to.have.length(1);

    // Five minutes on (the browser's own clock), a page pings again.
    await context.clock.fastForward('05:00');
    await page.goto(`${store}/product`);
    const later = await waitFor(() => beacons('ping')[1], 'the ping five minutes later');
    expect(later.body.url).to.equal(`${store}/product`);

    await page.goto(`${store}/?ref=SPRING&itc=click-2`);
    const landing = await waitFor(() => beacons('ping')[2], 'the landing ping');
    expect(landing.body.url, 'the origin and path only').to.equal(`${store}/`);
  });

  it('replays commands queued before it loaded, then accepts direct calls', async function () {
    pixelDelayMs = 600;
    await page.goto(confirmation({ orderId: 'Q-1', value: '10', currency: 'USD' }), { waitUntil: 'domcontentloaded' });
    const queued = await page.evaluate(() => (window as unknown as PixelWindow).influtrace.q?.length);
    expect(queued).to.equal(1);

    expect((await waitForOrder('Q-1')).body.order).to.deep.equal({ orderId: 'Q-1', value: 10, currency: 'USD' });
    await page.waitForLoadState('load');
    const api = await page.evaluate(() => {
      const influtrace = (window as unknown as PixelWindow).influtrace;
      influtrace('order', { orderId: 'Q-2', value: 5, currency: 'eur' });
      return { queued: 'q' in influtrace, id: influtrace.id };
    });
    expect(api).to.deep.equal({ queued: false, id: INTEGRATION_ID });
    expect((await waitForOrder('Q-2')).body.order).to.deep.equal({ orderId: 'Q-2', value: 5, currency: 'EUR' });
  });

  it('replays several queued commands in the order they were made', async function () {
    pixelDelayMs = 600;
    await page.goto(`${store}/`, { waitUntil: 'domcontentloaded' });
    const queued = await page.evaluate(`(function () {
      influtrace('order', { orderId: 'SEQ-1', value: 1, currency: 'USD' });
      influtrace('order', { orderId: 'SEQ-1', value: 2, currency: 'USD' });
      influtrace('order', { orderId: 'SEQ-2', value: 3, currency: 'USD' });
      return influtrace.q.length;
    })()`);
    expect(queued).to.equal(3);
    await waitForOrder('SEQ-2');
    // Every command has run (the load event is past) and the page has heard ingest answer for all it sent.
    await page.waitForLoadState('load');
    await delivered();
    // Replayed in reverse, the second report of SEQ-1 (value 2) would have been the one sent.
    expect(ordersWithId('SEQ-1').map((r) => r.body.order?.value)).to.deep.equal([1]);
  });

  it('sends the order with the attribution saved when the visitor landed from a tracking link', async function () {
    const before = Date.now();
    await page.goto(`${store}/?ref=CODE&itc=CLICK`);
    expect(await page.locator('#attribution').textContent()).to.contain('ref CODE, click CLICK');

    await page.goto(`${store}/product?sku=hoodie`);
    await page.fill('input[name=coupon]', 'CREATOR10');
    await page.click('#buy');
    await page.waitForURL(/\/checkout\/confirmation\?/);
    const orderId = new URL(page.url()).searchParams.get('orderId') ?? '';
    expect(orderId).to.match(/^DEMO-/);

    const sent = await waitForOrder(orderId);
    expect(sent.origin).to.equal(store);
    expect(sent.contentType).to.match(/^text\/plain/);
    expect(sent.body.id).to.equal(INTEGRATION_ID);
    expect(sent.body.url).to.equal(`${store}/checkout/confirmation`);
    expect(sent.body.order).to.deep.equal({ orderId, value: 79, currency: 'USD', coupon: 'CREATOR10' });
    expect(sent.body.attribution).to.include({ ref: 'CODE', itc: 'CLICK' });
    expect(sent.body.attribution?.ts).to.be.within(before, Date.now());
  });

  it('lets the last tracking-link click win', async function () {
    await page.goto(`${store}/?ref=FIRST&itc=click-1`);
    await page.goto(`${store}/?ref=SECOND`);
    await page.goto(confirmation({ orderId: 'LAST-1', value: '1', currency: 'USD' }));
    const sent = await waitForOrder('LAST-1');
    expect(sent.body.attribution).to.include({ ref: 'SECOND' });
    expect(sent.body.attribution).not.to.have.property('itc');
  });

  it('picks up a server-rendered window.influtraceOrder', async function () {
    await page.goto(confirmation({ orderId: 'SR-1', value: '12.5', currency: 'eur', coupon: ' ' }, '/server-rendered-confirmation'));
    const sent = await waitForOrder('SR-1');
    expect(sent.body.order).to.deep.equal({ orderId: 'SR-1', value: 12.5, currency: 'EUR' });
    expect(sent.body).not.to.have.property('attribution');
    expect(sent.origin).to.equal(store);
  });

  const timings: { timing: OrderTiming; when: string }[] = [
    { timing: 'before-snippet', when: 'set before the snippet' },
    { timing: 'after-pixel-ran', when: 'set after t.js has run, before DOMContentLoaded' },
    { timing: 'after-domcontentloaded', when: 'set after DOMContentLoaded, before the load event' },
  ];
  for (const { timing, when } of timings) {
    it(`picks up window.influtraceOrder exactly once when it is ${when}`, async function () {
      const orderId = `TIMING-${timing}`;
      await page.goto(`${store}/test/order-timing?${new URLSearchParams({ timing, orderId }).toString()}`);
      const sent = await waitForOrder(orderId);
      expect(sent.body.order).to.deep.equal({ orderId, value: 15, currency: 'USD' });
      // goto waited for the load event (the pixel's last look for it): everything the page sent is answered.
      await delivered();
      expect(ordersWithId(orderId)).to.have.length(1);
      expect(warnings.filter((w) => w.startsWith('[influtrace]'))).to.deep.equal([]);
    });
  }

  it('sends a coupon-only order without attribution when the shopper never came through a tracking link', async function () {
    await page.goto(`${store}/product?sku=tee`);
    await page.fill('input[name=coupon]', '  CREATOR10 ');
    await page.click('#buy');
    await page.waitForURL(/\/checkout\/confirmation\?/);
    const orderId = new URL(page.url()).searchParams.get('orderId') ?? '';
    const sent = await waitForOrder(orderId);
    expect(sent.body.order).to.deep.equal({ orderId, value: 29, currency: 'USD', coupon: 'CREATOR10' });
    expect(sent.body).not.to.have.property('attribution');
    expect(sent.origin).to.equal(store);
  });

  it('does not send the order again when the shopper goes back to a confirmation page that is loaded afresh', async function () {
    await page.addInitScript({ content: RECORD_PAGESHOW });
    await page.goto(confirmation({ orderId: 'BACK-1', value: '20', currency: 'USD' }));
    await waitForOrder('BACK-1');
    await delivered();
    await page.goto(`${store}/`);
    await page.goBack();
    // Playwright launches Chromium without the back/forward cache: the page and the pixel ran again.
    expect(await page.evaluate('window.__pageshows')).to.deep.equal([false]);
    await delivered();
    expect(ordersWithId('BACK-1')).to.have.length(1);
  });

  it('sends nothing when the confirmation page is restored from the back/forward cache', async function () {
    // launchChromium() keeps Playwright's --disable-back-forward-cache; this browser is the same
    // Chromium with the cache on, as shoppers have it.
    bfcacheBrowser ??= await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    });
    const cached = await bfcacheBrowser.newContext();
    try {
      const shopper = await cached.newPage();
      shopper.on('pageerror', (error) => pageErrors.push(error));
      await shopper.addInitScript({ content: RECORD_PAGESHOW });
      await shopper.goto(confirmation({ orderId: 'BFCACHE-1', value: '20', currency: 'USD' }));
      await waitForOrder('BFCACHE-1');
      await delivered(shopper);
      const pingedAt = await lastPing(shopper);
      const beaconsBefore = received.length;
      await shopper.goto(`${store}/product`);
      // A page restored from the cache fires no load event: wait for the commit, then for pageshow.
      await shopper.goBack({ waitUntil: 'commit' });
      await shopper.waitForFunction('window.__pageshows && window.__pageshows.length === 2');
      expect(await shopper.evaluate('window.__pageshows'), 'pageshow.persisted on the first load, then on going back').to.deep.equal([false, true]);
      expect(shopper.url()).to.equal(confirmation({ orderId: 'BFCACHE-1', value: '20', currency: 'USD' }));
      // Every pageshow listener has run (the recorder's, added first, has). Then a later order of the
      // restored page itself: once its outbox is empty, ingest has answered for every order the page
      // sent, that one included, so anything it sent on being restored has reached the capture server.
      await shopper.evaluate(`influtrace('order', { orderId: 'BFCACHE-2', value: 1, currency: 'USD' })`);
      await waitForOrder('BFCACHE-2');
      await delivered(shopper);
      expect(await lastPing(shopper), 'no ping: it writes its time first').to.equal(pingedAt);
      expect(ordersWithId('BFCACHE-1')).to.have.length(1);
      expect(
        received.slice(beaconsBefore).map((r) => `${r.body.type} ${r.body.order?.orderId ?? ''}`),
        'nothing but the later order',
      ).to.deep.equal(['order BFCACHE-2']);
      expect(pageErrors).to.deep.equal([]);
    } finally {
      await cached.close();
    }
  });

  it('loads t.js and sends the order under a strict Content-Security-Policy that allows the ingest origin', async function () {
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await context.addInitScript({ content: RECORD_CSP_VIOLATIONS });
    const url = confirmation({ orderId: 'CSP-1', value: '49.9', currency: 'USD', coupon: 'CREATOR10' }, '/csp/confirmation');
    const response = await page.goto(url);
    const policy = (await response?.allHeaders())?.['content-security-policy'] ?? '';
    const ingestOrigin = new URL(pixelUrl).origin;
    expect(policy).to.match(/script-src 'self' 'nonce-[^']+' http:\/\/127\.0\.0\.1:\d+;/);
    expect(policy).to.contain(`connect-src ${ingestOrigin};`);

    const sent = await waitForOrder('CSP-1');
    expect(sent.body.order).to.deep.equal({ orderId: 'CSP-1', value: 49.9, currency: 'USD', coupon: 'CREATOR10' });
    expect(sent.origin).to.equal(store);
    // goto waited for the load event (t.js ran, its ping and the order were sent, the pixel's last look
    // at load is done) and the order's fetch was answered: a violation would have been reported by now.
    await delivered();
    expect(await page.evaluate('window.__cspViolations')).to.deep.equal([]);
    expect(cspErrors).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);

    // The control: the same page under a policy without the ingest origin is blocked and says so.
    const blocked = await context.newPage();
    await blocked.route(/\/csp\/confirmation/, async (route) => {
      const original = await route.fetch();
      const headers = { ...original.headers(), 'content-security-policy': original.headers()['content-security-policy']?.split(ingestOrigin).join('') ?? '' };
      await route.fulfill({ response: original, headers });
    });
    await blocked.goto(confirmation({ orderId: 'CSP-2', value: '1', currency: 'USD' }, '/csp/confirmation'));
    await blocked.waitForFunction(
      (blockedUri) => (window as unknown as { __cspViolations: string[] }).__cspViolations.includes(blockedUri),
      `script-src-elem ${pixelUrl}`,
    );
    // Past the load event, t.js never ran: the snippet's stub still holds the order, so nothing could send it.
    expect(await blocked.evaluate(`({ queued: window.influtrace.q.length, loaded: window.influtrace.loaded })`)).to.deep.equal({
      queued: 1,
      loaded: undefined,
    });
    expect(ordersWithId('CSP-2')).to.deep.equal([]);
  });

  it('does not send an order twice when the confirmation page is reloaded or revisited', async function () {
    const url = confirmation({ orderId: 'RELOAD-1', value: '20', currency: 'USD' });
    await page.goto(url);
    await waitForOrder('RELOAD-1');
    await delivered();
    await page.reload();
    await page.goto(url);
    await page.goto(confirmation({ orderId: 'RELOAD-1', value: '20', currency: 'USD' }, '/server-rendered-confirmation'));
    // Every page ran the pixel to its load event. An order sent again would sit in the outbox (a page
    // left hands it to sendBeacon and keeps it) until a fetch of it is answered: empty, any such has arrived.
    await delivered();
    expect(ordersWithId('RELOAD-1')).to.have.length(1);
  });

  it('warns and sends nothing for malformed orders, without throwing into the page', async function () {
    await page.goto(confirmation({ orderId: 'BAD-1', value: 'abc', currency: 'USD' }));
    const threw = await page.evaluate(() => {
      const influtrace = (window as unknown as PixelWindow).influtrace;
      const calls: unknown[][] = [
        ['order', { orderId: '   ', value: 1, currency: 'USD' }],
        ['order', { orderId: 'x'.repeat(129), value: 1, currency: 'USD' }],
        ['order', { orderId: 'BAD-2', value: -1, currency: 'USD' }],
        ['order', { orderId: 'BAD-3', value: Number.POSITIVE_INFINITY, currency: 'USD' }],
        ['order', { orderId: 'BAD-4', value: '79', currency: 'USD' }],
        ['order', { orderId: 'BAD-5', value: 1, currency: 'US' }],
        ['order', { orderId: 'BAD-6', value: 1, currency: 'USD', coupon: 'c'.repeat(65) }],
        ['order', { orderId: 'BAD-7', value: 1, currency: 'USD', coupon: 42 }],
        ['order', null],
        ['order'],
        ['refund', { orderId: 'BAD-8' }],
        [Symbol('order')],
      ];
      try {
        for (const args of calls) influtrace(...args);
        influtrace('order', { orderId: 'GOOD-1', value: 0, currency: 'usd' });
        return false;
      } catch {
        return true;
      }
    });
    expect(threw).to.equal(false);
    await waitForOrder('GOOD-1');
    // The bad calls ran before GOOD-1 (and the page's own BAD-1 at load): had any queued an order,
    // the outbox would hold it until ingest answered, so empty means all the page sent has arrived.
    await delivered();
    expect(beacons('order').map((r) => r.body.order?.orderId)).to.deep.equal(['GOOD-1']);
    expect(pageErrors).to.deep.equal([]);
    expect(warnings.filter((w) => w.startsWith('[influtrace]'))).to.have.length.of.at.least(11);
    expect(warnings).to.include('[influtrace] invalid order: value');
  });

  it('keeps attribution for 365 days and drops it after, which influtrace.windowDays can shorten', async function () {
    const saveAttribution = (ageDays: number) =>
      page.evaluate((ts) => localStorage.setItem('influtrace_attr', JSON.stringify({ ref: 'OLD', itc: 'old', ts })), Date.now() - ageDays * DAY_MS);

    await page.goto(`${store}/`);
    await saveAttribution(366);
    await page.goto(confirmation({ orderId: 'WIN-1', value: '1', currency: 'USD' }));
    expect((await waitForOrder('WIN-1')).body).not.to.have.property('attribution');

    // 365 days by default: the longest attribution window a workspace may set.
    await saveAttribution(364);
    await page.goto(confirmation({ orderId: 'WIN-2', value: '1', currency: 'USD' }));
    expect((await waitForOrder('WIN-2')).body.attribution).to.include({ ref: 'OLD', itc: 'old' });

    await saveAttribution(2);

    // Init scripts are plain JavaScript strings: tsx would compile functions with helpers (__name) the page lacks.
    await page.addInitScript({
      content: `window.influtrace = function () { (influtrace.q = influtrace.q || []).push(arguments); };
        influtrace.windowDays = 1;`,
    });
    await page.goto(confirmation({ orderId: 'WIN-3', value: '1', currency: 'USD' }));
    expect((await waitForOrder('WIN-3')).body).not.to.have.property('attribution');
  });

  it('sends orders with fetch, whose answer it reads, and forgets them once ingest accepted them', async function () {
    await page.goto(confirmation({ orderId: 'FETCH-1', value: '3', currency: 'USD' }));
    const sent = await waitForOrder('FETCH-1');
    expect(sent.origin).to.equal(store);
    expect(sent.contentType).to.match(/^text\/plain/);
    expect(sent.mode).to.equal('cors');
    await delivered();
    expect(ordersWithId('FETCH-1')).to.have.length(1);
  });

  it('hands an order still unsent when the page is hidden to sendBeacon', async function () {
    let refused = 0;
    await context.route(`${new URL(pixelUrl).origin}${EVENTS_PATH}`, async (route) => {
      if (!route.request().postData()?.includes('"HIDE-1"') || refused++ > 0) return route.continue();
      // Unavailable, and not to be asked again for 30 seconds.
      await route.fulfill({ status: 503, headers: { ...corsFor(store), 'Retry-After': '30' }, contentType: 'application/json', body: '{}' });
    });
    await page.goto(confirmation({ orderId: 'HIDE-1', value: '3', currency: 'USD' }));
    await waitFor(() => (refused > 0 ? true : undefined), 'the refused fetch');
    // The page has read the 503: the order's next attempt is Retry-After away, later than a lease (5 s) ends.
    await page.waitForFunction(`(function () {
      var outbox = JSON.parse(localStorage.getItem('influtrace_outbox') || '[]');
      return outbox.length === 1 && outbox[0].a > Date.now() + 20000;
    })()`);
    await page.goto(`${store}/product`);
    const viaBeacon = await waitForOrder('HIDE-1');
    expect(viaBeacon.contentType).to.match(/^text\/plain/);
    expect(viaBeacon.mode, 'sent by sendBeacon').to.equal('no-cors');
    // Nobody read the beacon's answer: the next page sends it once more, hears 202, and is done.
    await delivered();
    expect(ordersWithId('HIDE-1').map((r) => r.mode)).to.deep.equal(['no-cors', 'cors']);
    expect(pageErrors).to.deep.equal([]);
  });

  it('sends the page origin and path only, never its query or fragment', async function () {
    await page.goto(`${store}/checkout/confirmation?orderId=PRIV-1&value=5&currency=USD&email=ava%40mail.example#token=abc`);
    const sent = await waitForOrder('PRIV-1');
    expect(sent.body.url).to.equal(`${store}/checkout/confirmation`);
    expect(beacons('ping')[0]?.body.url).to.equal(`${store}/checkout/confirmation`);
  });

  it("keeps the last tracking-link landing's click id in the influtrace_itc cookie, which the store's server receives", async function () {
    const itcCookie = async () => (await context.cookies(store)).find((c) => c.name === 'influtrace_itc');
    await page.goto(`${store}/?ref=CODE&itc=clk_First`);
    await page.goto(`${store}/product?sku=tee`);
    expect(storeCookies('/product').pop()).to.contain('influtrace_itc=clk_First');
    const cookie = await itcCookie();
    expect(cookie).to.include({ value: 'clk_First', path: '/', sameSite: 'Lax', httpOnly: false });
    expect((cookie?.expires ?? 0) * 1000, 'as long as the attribution is kept: 365 days').to.be.closeTo(Date.now() + 365 * DAY_MS, 60_000);

    await page.goto(`${store}/?itc=clk_Second`);
    expect((await itcCookie())?.value, 'the last click wins').to.equal('clk_Second');

    // A landing without a click id clears it, so that a store's server never sends an older click's.
    await page.goto(`${store}/?ref=HANDMADE`);
    expect(await itcCookie()).to.equal(undefined);
    await page.goto(`${store}/product?sku=cap`);
    expect(storeCookies('/product').pop() ?? '').not.to.contain('influtrace_itc');
  });

  it('keeps the influtrace_itc cookie only as long as influtrace.windowDays says', async function () {
    await page.addInitScript({
      content: `window.influtrace = function () { (influtrace.q = influtrace.q || []).push(arguments); };
        influtrace.windowDays = 2;`,
    });
    await page.goto(`${store}/?itc=clk_Short`);
    const cookie = (await context.cookies(store)).find((c) => c.name === 'influtrace_itc');
    expect((cookie?.expires ?? 0) * 1000).to.be.closeTo(Date.now() + 2 * DAY_MS, 60_000);
  });

  it('keeps pinging and sending orders when localStorage throws', async function () {
    await page.addInitScript({
      content: `Object.defineProperty(window, 'localStorage', {
        get: function () { throw new DOMException('storage is blocked', 'SecurityError'); },
      });`,
    });
    await page.goto(`${store}/?ref=CODE&itc=CLICK`);
    await waitFor(() => beacons('ping')[0], 'a ping');
    await page.goto(confirmation({ orderId: 'NOSTORE-1', value: '9.99', currency: 'USD' }));
    const sent = await waitForOrder('NOSTORE-1');
    expect(sent.body.order).to.deep.equal({ orderId: 'NOSTORE-1', value: 9.99, currency: 'USD' });
    expect(pageErrors).to.deep.equal([]);
  });

  it('adds no globals besides influtrace and influtraceOrder', async function () {
    await page.goto(confirmation({ orderId: 'GLOBALS-1', value: '1', currency: 'USD' }, '/server-rendered-confirmation'));
    await waitForOrder('GLOBALS-1');
    const added = await page.evaluate(() => {
      const frame = document.body.appendChild(document.createElement('iframe'));
      const pristine = new Set(Object.getOwnPropertyNames(frame.contentWindow));
      return Object.getOwnPropertyNames(window).filter((name) => !pristine.has(name) && !/^\d+$/.test(name));
    });
    expect(added.sort()).to.deep.equal(['influtrace', 'influtraceOrder']);
  });
});
