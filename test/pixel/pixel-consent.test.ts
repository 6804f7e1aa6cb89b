import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pixelSnippet } from '../../demo-store/app';
import { buildPixel } from '../../pixel/build';
import { launchChromium } from '../support/browser';
import { waitFor } from '../support/wait-for';

const PIXEL_PATH = '/api/v1/integrations/custom/t.js';
const EVENTS_PATH = '/api/v1/integrations/custom/events';
const INTEGRATION_ID = 'int_consent_test';

type Beacon = {
  type: 'ping' | 'order';
  attribution?: { ref?: string; itc?: string };
  order?: { orderId: string; value: number; currency: string; coupon?: string };
};

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Consent Mode for the pixel (DESIGN.md, "Consent"), in Chromium: t.js from a stand-in ingest that
 * records every beacon, on store pages that call `influtrace('consent', …)` as a banner would.
 */
describe('the pixel asks first: influtrace("consent", …) in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let ingest: http.Server;
  let storeServer: http.Server;
  let store: string;
  let pixelUrl: string;
  let code: string;
  const received: Beacon[] = [];
  /** Order ids whose next attempts ingest answers 503, so that the pixel keeps them in its outbox. */
  const refusing = new Set<string>();
  const attempts = new Map<string, number>();

  before(async () => {
    code = (await buildPixel()).code;
    ingest = http.createServer((req, res) => {
      const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
      if (req.method === 'GET' && req.url?.startsWith(PIXEL_PATH)) {
        res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(code);
        return;
      }
      if (req.url === EVENTS_PATH && req.method === 'POST') {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const beacon = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Beacon;
          const orderId = beacon.order?.orderId ?? '';
          attempts.set(orderId, (attempts.get(orderId) ?? 0) + 1);
          if (refusing.has(orderId)) {
            res.writeHead(503, { ...cors, 'Content-Type': 'application/json' }).end('{"error":{"code":"unavailable","message":"test"}}');
            return;
          }
          received.push(beacon);
          res.writeHead(202, { ...cors, 'Content-Type': 'application/json' }).end('{"status":"queued"}');
        });
        return;
      }
      res.writeHead(404).end();
    });
    pixelUrl = `http://127.0.0.1:${await listen(ingest)}${PIXEL_PATH}`;
    // Store pages: the snippet, then (as a consent banner's script would, right after it) the consent call of ?consent=.
    storeServer = http.createServer((req, res) => {
      const consent = new URL(req.url ?? '/', 'http://store').searchParams.get('consent');
      const call = consent ? `<script>influtrace('consent', ${JSON.stringify(consent)});</script>` : '';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title>
${pixelSnippet(pixelUrl, INTEGRATION_ID)}
${call}
</head><body><p>Store page</p></body></html>`);
    });
    store = `http://localhost:${await listen(storeServer)}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const server of [ingest, storeServer]) {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  let context: BrowserContext;
  let page: Page;
  let seq = 0;
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  const newOrderId = () => `CONSENT-${Date.now()}-${++seq}`;
  const orderNamed = (orderId: string) => waitFor(async () => received.find((b) => b.order?.orderId === orderId), `order ${orderId}`);
  const placeOrder = (orderId: string) =>
    page.evaluate(`influtrace('order', { orderId: ${JSON.stringify(orderId)}, value: 25, currency: 'EUR', coupon: 'AVA10' })`);
  const pixelRan = () => page.waitForFunction('window.influtrace && window.influtrace.loaded === 1');
  /** Everything the page keeps on the device: cookies of the store, localStorage and sessionStorage. */
  async function deviceState(): Promise<{ cookies: string[]; local: string[]; session: string[] }> {
    const cookies = (await context.cookies(store)).map((c) => `${c.name}=${c.value}`);
    const [local, session] = (await page.evaluate('[Object.keys(localStorage), Object.keys(sessionStorage)]')) as [string[], string[]];
    return { cookies, local, session };
  }
  const NOTHING = { cookies: [], local: [], session: [] };

  describe('when the page denies consent right after the snippet', () => {
    it('stores nothing, yet pings and sends the order with the landing attribution from memory and its coupon', async () => {
      const orderId = newOrderId();
      await page.goto(`${store}/landing?ref=AVA&itc=clk_denied1&consent=denied`);
      await pixelRan();
      await placeOrder(orderId);
      const sent = await orderNamed(orderId);
      expect(sent.attribution).to.include({ ref: 'AVA', itc: 'clk_denied1' });
      expect(sent.order).to.deep.equal({ orderId, value: 25, currency: 'EUR', coupon: 'AVA10' });
      expect(received.some((b) => b.type === 'ping')).to.equal(true);
      expect(await deviceState()).to.deep.equal(NOTHING);
    });

    it('keeps an order ingest refused in its outbox in memory and sends it again, still storing nothing', async () => {
      const orderId = newOrderId();
      refusing.add(orderId);
      await page.goto(`${store}/checkout?consent=denied`);
      await pixelRan();
      await placeOrder(orderId);
      await waitFor(async () => (attempts.get(orderId) ?? 0) >= 1 || undefined, 'the refused attempt');
      expect(await deviceState()).to.deep.equal(NOTHING);
      refusing.delete(orderId);
      await orderNamed(orderId);
      expect(await deviceState()).to.deep.equal(NOTHING);
    });
  });

  describe('when the page denies consent after the pixel stored its state', () => {
    it('removes the cookie and what it put in localStorage, and goes on from memory', async () => {
      await page.goto(`${store}/landing?ref=BEN&itc=clk_granted1`);
      await pixelRan();
      const stored = await deviceState();
      expect(stored.cookies).to.include('influtrace_itc=clk_granted1');
      expect(stored.local).to.include('influtrace_attr');

      await page.evaluate(`influtrace('consent', 'denied')`);
      expect(await deviceState()).to.deep.equal(NOTHING);
      const orderId = newOrderId();
      await placeOrder(orderId);
      expect((await orderNamed(orderId)).attribution).to.include({ ref: 'BEN', itc: 'clk_granted1' });
      expect(await deviceState()).to.deep.equal(NOTHING);
    });
  });

  describe('when the shopper grants consent after denying it', () => {
    it('stores what memory holds, so that a later page still has the attribution', async () => {
      await page.goto(`${store}/landing?ref=CARA&itc=clk_later1&consent=denied`);
      await pixelRan();
      expect(await deviceState()).to.deep.equal(NOTHING);

      await page.evaluate(`influtrace('consent', 'granted')`);
      const stored = await deviceState();
      expect(stored.cookies).to.deep.equal(['influtrace_itc=clk_later1']);
      expect(stored.local).to.include.members(['influtrace_attr', 'influtrace_ping']);
      expect(stored.session).to.deep.equal([]);
      expect(JSON.parse((await page.evaluate(`localStorage.getItem('influtrace_attr')`)) as string)).to.include({ ref: 'CARA', itc: 'clk_later1' });

      const orderId = newOrderId();
      await page.goto(`${store}/checkout`);
      await pixelRan();
      await placeOrder(orderId);
      expect((await orderNamed(orderId)).attribution).to.include({ ref: 'CARA', itc: 'clk_later1' });
    });
  });

  describe('without any consent call', () => {
    it('stores as before (no call means granted)', async () => {
      await page.goto(`${store}/landing?ref=DEV&itc=clk_default1`);
      await pixelRan();
      const stored = await deviceState();
      expect(stored.cookies).to.deep.equal(['influtrace_itc=clk_default1']);
      expect(stored.local).to.include('influtrace_attr');
    });
  });
});
