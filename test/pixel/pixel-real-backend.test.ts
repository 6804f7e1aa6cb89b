import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PIXEL_PATH } from '../../core/public-paths';
import { launchChromium, newShopperContext } from '../support/browser';
import type { RunningDemoStore } from '../support/demo-store';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectPixelStore } from '../support/pixel-store';
import { orderOutcome } from '../support/store-setup';
import { waitFor } from '../support/wait-for';

// Init scripts and evaluated code are plain JavaScript strings: tsx would compile functions with helpers (__name) the page lacks.
const RECORD_CSP_VIOLATIONS = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__cspViolations.push(event.effectiveDirective + ' ' + event.blockedURI);
});`;

describe('the pixel on the demo store, against the real ingest, queue, workflows and admin API', function () {
  const run = randomBytes(3).toString('hex').toUpperCase();
  let p: Pipeline;
  let browser: Browser;
  let demoStore: RunningDemoStore;
  let store: string;
  let token: string;
  let integrationId: string;
  let creatorId: string;
  let linkUrl: string;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    browser = await launchChromium();
    ({ demoStore, store, integrationId, token, creatorId } = await connectPixelStore(p, browser, 'AVA10'));
    const link = await requestJson(`${p.adminUrl}/api/v1/links`, {
      token,
      body: { creatorId, destinationUrl: `${store}/product?sku=cap`, integrationIds: [integrationId] },
    });
    expect(link.status, JSON.stringify(link.body)).to.equal(201);
    linkUrl = link.body.url;
  });

  after(async function () {
    await browser?.close();
    demoStore?.close();
    await p?.stop();
  });

  let context: BrowserContext;
  let page: Page;
  let pageErrors: Error[];

  beforeEach(async function () {
    context = await newShopperContext(browser);
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
  });

  afterEach(async function () {
    await context.close();
  });

  const outcome = (orderId: string) => orderOutcome(p, { token, integrationId }, orderId);

  const reports = (orderId: string): Promise<{ payload: any }[]> =>
    p.db('order_reports').where({ integration_id: integrationId, order_id: orderId }).select('payload');

  const confirmation = (query: Record<string, string>, path = '/checkout/confirmation'): string => `${store}${path}?${new URLSearchParams(query).toString()}`;

  it('credits an order reported before t.js loaded, once the queued command is replayed', async function () {
    await context.route(`${p.ingestUrl}${PIXEL_PATH}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    const orderId = `RB-QUEUE-${run}`;
    await page.goto(confirmation({ orderId, value: '42', currency: 'usd', coupon: 'AVA10' }), { waitUntil: 'domcontentloaded' });
    expect(await page.evaluate('window.influtrace.q && window.influtrace.q.length')).to.equal(1);

    const order = await outcome(orderId);
    expect(order).to.include({ status: 'credited', attributedBy: 'coupon', creatorId, value: 42, currency: 'USD' });
    expect(await reports(orderId)).to.have.length(1);
    expect(pageErrors).to.deep.equal([]);
  });

  it('credits to the link an order placed on other pages after the shopper landed from a tracking link', async function () {
    await page.goto(linkUrl);
    const landed = new URL(page.url());
    expect(landed.origin + landed.pathname).to.equal(`${store}/product`);
    const itc = landed.searchParams.get('itc');
    expect(itc).to.match(/^clk_/);

    await page.goto(`${store}/`);
    await page.click('a[href="/product?sku=hoodie"]');
    await page.click('#buy');
    await page.waitForURL(/\/checkout\/confirmation\?/);
    const orderId = new URL(page.url()).searchParams.get('orderId') ?? '';

    const order = await outcome(orderId);
    expect(order).to.include({ status: 'credited', attributedBy: 'link', creatorId, value: 79, currency: 'USD' });
    expect(order).not.to.have.property('couponCode');
    const [report] = await reports(orderId);
    expect(report?.payload.attribution).to.include({ ref: landed.searchParams.get('ref'), itc });
    expect(report?.payload.pageUrl, 'the page URL kept, without its query').to.equal(`${store}/checkout/confirmation`);
    const row = await p.db('orders').where({ integration_id: integrationId, order_id: orderId }).first('click_id');
    expect(row.click_id).to.equal(itc);
    expect(pageErrors).to.deep.equal([]);
  });

  it("credits a coupon-only order to the coupon's creator though the shopper never came through a link", async function () {
    await page.goto(`${store}/product?sku=tee`);
    await page.fill('input[name=coupon]', ' ava10 ');
    await page.click('#buy');
    await page.waitForURL(/\/checkout\/confirmation\?/);
    const orderId = new URL(page.url()).searchParams.get('orderId') ?? '';

    const order = await outcome(orderId);
    expect(order).to.include({ status: 'credited', attributedBy: 'coupon', creatorId, value: 29, currency: 'USD' });
    const [report] = await reports(orderId);
    expect(report?.payload).not.to.have.property('attribution');
    expect(report?.payload.order).to.deep.equal({ orderId, value: 29, currency: 'USD', coupon: 'ava10' });
  });

  it('keeps exactly one report of an order whose confirmation page is reloaded, gone back to and revisited', async function () {
    const orderId = `RB-RELOAD-${run}`;
    const url = confirmation({ orderId, value: '20', currency: 'USD', coupon: 'AVA10' });
    await page.goto(url);
    expect(await outcome(orderId)).to.include({ status: 'credited', attributedBy: 'coupon' });

    await page.reload();
    await page.goto(`${store}/`);
    await page.goBack();
    await page.goto(url);
    // A later order from the same page: once it is processed, any re-send of the first would have been too.
    const sentinel = `RB-SENTINEL-${run}`;
    await page.evaluate(`influtrace('order', { orderId: '${sentinel}', value: 1, currency: 'USD', coupon: 'AVA10' })`);
    await outcome(sentinel);

    expect(await reports(orderId)).to.have.length(1);
    const orders = await requestJson(`${p.adminUrl}/api/v1/orders?integrationId=${integrationId}`, { token });
    expect(orders.body.data.filter((o: { orderId: string }) => o.orderId === orderId)).to.have.length(1);
    expect(pageErrors).to.deep.equal([]);
  });

  it('credits an order from a confirmation page under a strict Content-Security-Policy that allows the ingest origin', async function () {
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.addInitScript({ content: RECORD_CSP_VIOLATIONS });
    const orderId = `RB-CSP-${run}`;
    const response = await page.goto(confirmation({ orderId, value: '12.34', currency: 'EUR', coupon: 'AVA10' }, '/csp/confirmation'));
    const policy = (await response?.allHeaders())?.['content-security-policy'] ?? '';
    expect(policy).to.contain(`connect-src ${new URL(p.ingestUrl).origin};`);

    expect(await outcome(orderId)).to.include({ status: 'credited', attributedBy: 'coupon', creatorId, value: 12.34, currency: 'EUR' });
    expect(await page.evaluate('window.__cspViolations')).to.deep.equal([]);
    expect(cspErrors).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });

  it('credits an order whose page URL is longer than what is kept, and keeps its first 2,048 characters', async function () {
    const orderId = `RB-LONGURL-${run}`;
    const longPath = `${store}/checkout/${'x'.repeat(3000)}`;
    const order = await sendBeacon(p.ingestUrl, store, {
      id: integrationId,
      type: 'order',
      url: longPath,
      order: { orderId, value: 5, currency: 'USD', coupon: 'AVA10' },
    });
    expect(order.status).to.equal(202);
    expect(await outcome(orderId)).to.include({ status: 'credited' });
    const [report] = await reports(orderId);
    expect(report?.payload.pageUrl).to.equal(longPath.slice(0, 2048));
  });

  it('keeps only the origin and path of the URLs an older cached pixel sends with a query and fragment', async function () {
    const orderId = `RB-OLDPIXEL-${run}`;
    const pageUrl = `${store}/checkout/confirmation?email=ava%40mail.example&name=Ava#token=secret`;
    // From another origin, so that this ping is the first of its throttle window and is recorded.
    const elsewhere = `http://old-pixel-${run.toLowerCase()}.example`;
    const ping = await sendBeacon(p.ingestUrl, elsewhere, { id: integrationId, type: 'ping', url: `${elsewhere}/account?email=ava%40mail.example#x` });
    expect(ping.status).to.equal(202);
    const order = await sendBeacon(p.ingestUrl, store, {
      id: integrationId,
      type: 'order',
      url: pageUrl,
      order: { orderId, value: 5, currency: 'USD', coupon: 'AVA10' },
    });
    expect(order.status).to.equal(202);

    expect(await outcome(orderId)).to.include({ status: 'credited' });
    const [report] = await reports(orderId);
    expect(report?.payload.pageUrl).to.equal(`${store}/checkout/confirmation`);
    expect(JSON.stringify(report?.payload)).not.to.match(/email|token|Ava#/);
    const signal = await waitFor(
      async () =>
        (await p.db('integration_signals').where({ integration_id: integrationId, origin: elsewhere }).first('last_url')) as { last_url: string } | undefined,
      "the ping's signal",
    );
    expect(signal.last_url).to.equal(`${elsewhere}/account`);
  });
});
