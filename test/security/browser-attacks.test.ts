import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { buildSnippet } from '../../admin-api/snippet';
import { randomString } from '../../core/domain/ids';
import { PIXEL_PATH } from '../../core/public-paths';
import { launchChromium } from '../support/browser';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, newWorkspace, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { waitFor } from '../support/wait-for';

/** Serves one HTML page per path on a local origin of its own. */
async function servePages(host: string, pages: Map<string, string>): Promise<{ origin: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    const html = pages.get(req.url ?? '/');
    res.writeHead(html === undefined ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { origin: `http://${host === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${(server.address() as AddressInfo).port}`, server };
}

const confirmationPage = (snippet: string, orderId: string) =>
  `<!doctype html><html><head>${snippet}</head><body><script>influtrace('order', { orderId: ${JSON.stringify(orderId)}, value: 10, currency: 'EUR' });</script></body></html>`;

describe('attacks through a real browser (Debian chromium)', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  const servers: http.Server[] = [];

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    browser = await launchChromium();
  });
  after(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await browser?.close();
    await p?.stop();
  });

  describe("when a page on another origin embeds a connected store's snippet and reports orders", () => {
    let store: ConnectedStore;
    let snippet: string;
    const spoofed = `SPOOF-${randomString(6)}`;
    const framed = `FRAMED-${randomString(6)}`;
    const direct = `DIRECT-${randomString(6)}`;
    const genuine = `GENUINE-${randomString(6)}`;

    before(async function () {
      this.timeout(60_000);
      const storePages = new Map<string, string>();
      const storeSite = await servePages('localhost', storePages);
      servers.push(storeSite.server);
      store = await connectStore(p, storeSite.origin);
      snippet = (await requestJson(`${p.adminUrl}/api/v1/integrations/${store.integrationId}`, { token: store.token })).body.snippet;
      await requestJson(`${p.adminUrl}/api/v1/coupons`, {
        token: store.token,
        body: { creatorId: store.creatorId, code: 'REAL10', integrationIds: [store.integrationId] },
      });
      storePages.set('/thanks', confirmationPage(snippet, genuine).replace("currency: 'EUR'", "currency: 'EUR', coupon: 'REAL10'"));

      const attackerPages = new Map<string, string>();
      attackerPages.set('/thanks', confirmationPage(snippet, spoofed));
      // A sandboxed frame has an opaque origin: the browser sends `Origin: null`.
      attackerPages.set(
        '/framed',
        `<!doctype html><iframe sandbox="allow-scripts" srcdoc="${confirmationPage(snippet, framed).replace(/"/g, '&quot;')}"></iframe>`,
      );
      // fetch() may not set Origin or Referer: the browser writes the page's own.
      attackerPages.set(
        '/direct',
        `<!doctype html><script>fetch(${JSON.stringify(`${p.ingestUrl}/api/v1/integrations/custom/events`)}, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain', Origin: ${JSON.stringify(store.origin)} }, referrer: ${JSON.stringify(`${store.origin}/thanks`)}, body: JSON.stringify({ id: ${JSON.stringify(store.integrationId)}, type: 'order', order: { orderId: ${JSON.stringify(direct)}, value: 10, currency: 'EUR' } }) });</script>`,
      );
      const attacker = await servePages('127.0.0.1', attackerPages);
      servers.push(attacker.server);

      const page = await browser.newPage();
      for (const path of ['/thanks', '/framed', '/direct']) await page.goto(`${attacker.origin}${path}`, { waitUntil: 'networkidle' });
      await page.goto(`${store.origin}/thanks`, { waitUntil: 'networkidle' });
      await page.close();
    });

    it('refuses all three at ingest, which counts them as origin refusals', async () => {
      const refusals = await waitFor(
        async () => {
          const integration = await requestJson(`${p.adminUrl}/api/v1/integrations/${store.integrationId}`, { token: store.token });
          const counts = (integration.body.refusals ?? {}) as Record<string, number>;
          return (counts.origin_mismatch ?? 0) + (counts.missing_origin ?? 0) >= 3 ? counts : undefined;
        },
        'three origin refusals',
        20_000,
      );
      expect(Object.keys(refusals).sort()).to.satisfy((keys: string[]) => keys.every((k) => ['origin_mismatch', 'missing_origin'].includes(k)));
    });

    it('credits the order the store itself reported from its registered origin, so the page did work', async () => {
      expect(await orderOutcome(p, store, genuine)).to.include({ status: 'credited', attributedBy: 'coupon' });
    });

    it('writes no report and no order for any of the spoofed ones', async () => {
      expect(await p.db('order_reports').whereIn('order_id', [spoofed, framed, direct])).to.have.length(0);
      expect(await p.db('orders').whereIn('order_id', [spoofed, framed, direct])).to.have.length(0);
    });
  });

  describe('when the snippet is built for hostile inputs and inserted into a page', () => {
    const hostileWebsites = [
      'https://a.com/</script><script>alert(1)</script>',
      'https://a.com/"onload="alert(1)',
      "https://a.com/'-alert(1)-'",
      'https://a.com#</script><script>alert(1)</script>',
      'https://bücher.example/',
      `https://${'a'.repeat(63)}.${'b'.repeat(63)}.example.com`,
      `https://a.com/${'x'.repeat(3000)}`,
    ];

    async function runInPage(snippet: string): Promise<{ dialogs: string[]; scripts: string[]; id: unknown }> {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      // Nothing to load: t.js is answered empty, so only what the snippet itself does can run.
      await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'application/javascript', body: '' }));
      await page.setContent(`<!doctype html><html><head>${snippet}</head><body><p>shop</p></body></html>`, { waitUntil: 'load' });
      // The load event is the condition: every script the markup holds has run by then, the async t.js
      // and its load or error handler included, and an <img> has fired its error (each holds the load
      // event back). A dialog stops the page until dismissed, so its event reached us before the load.
      // One more turn of the page's task queue covers a handler that the load event itself queued.
      await page.evaluate(`new Promise(function (resolve) { setTimeout(resolve, 0); })`);
      const scripts = await page.$$eval('script', (elements) => elements.map((e) => (e as HTMLScriptElement).src || 'inline'));
      const id = await page.evaluate(() => (window as unknown as { influtrace?: { id?: unknown } }).influtrace?.id);
      await page.close();
      return { dialogs, scripts, id };
    }

    it('refuses website URLs with a path, query or fragment, and builds a snippet that runs no injected script for the others', async () => {
      const { token } = await newWorkspace(p.db);
      let built = 0;
      for (const websiteUrl of hostileWebsites) {
        const created = await requestJson(`${p.adminUrl}/api/v1/integrations`, { token, body: { type: 'custom', websiteUrl } });
        const label = websiteUrl.slice(0, 80);
        if (created.status === 400) {
          expect(created.body.error.code, label).to.be.oneOf(['invalid_website_url', 'validation_failed']);
          continue;
        }
        expect(created.status, `${label}: ${JSON.stringify(created.body)}`).to.equal(201);
        built++;
        const result = await runInPage(created.body.snippet);
        expect(result.dialogs, label).to.deep.equal([]);
        expect(result.scripts, label).to.deep.equal([`${p.config.ingest.publicUrl}${PIXEL_PATH}`, 'inline']);
        expect(result.id).to.equal(created.body.id);
      }
      expect(built, 'hostile but valid origins (unicode, very long host) get a snippet').to.equal(2);
    });

    it('runs no injected script when the integration id and pixel URL themselves are hostile', async () => {
      const hostile = `'"</script><script>alert(1)</script><!--\u2028\u2029\\<img src=x onerror=alert(2)>`;
      const result = await runInPage(buildSnippet(`https://cdn.example.com/t.js?x=${hostile}`, hostile));
      expect(result.dialogs).to.deep.equal([]);
      expect(result.scripts).to.have.length(2);
      expect(result.id).to.equal(hostile);
    });
  });
});
