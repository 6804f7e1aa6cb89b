import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startDemoStore, type RunningDemoStore } from '../support/demo-store';
import { requestJson } from '../support/http';
import { recordedReports } from '../support/order-rows';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace, orderOutcome } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { CHROME_USER_AGENT } from '../support/user-agents';

describe('a shopper in a real browser, on the demo store with the real snippet', function () {
  let p: Pipeline;
  let browser: Browser;
  let demoStore: RunningDemoStore;
  let storeOrigin: string;
  let token: string;
  let integrationId: string;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    browser = await launchChromium();
    ({ token } = await newWorkspace(p.db));
    demoStore = await startDemoStore(p, token, { serverReporting: true });
    ({ origin: storeOrigin, integrationId } = demoStore);
  });
  after(async () => {
    await browser?.close();
    demoStore?.close();
    await p?.stop();
  });

  it('verifies the store from the pixel ping, then credits an order that landed through a tracking link, confirmed by the store server', async () => {
    // A real Chrome's User-Agent: headless Chromium's own is filtered as a bot's, and its click would not count.
    const page = await browser.newPage({ userAgent: CHROME_USER_AGENT });
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => pageErrors.push(err));
    // Console errors too: a missing favicon or a refused beacon would show here.
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));

    await page.goto(`${storeOrigin}/`);
    const verified = await waitFor(async () => {
      const answer = await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/verify`, { method: 'POST', token });
      return answer.body.status === 'connected' ? answer : undefined;
    }, 'the pixel ping to verify the store');
    expect(verified.body).to.deep.equal({ id: integrationId, status: 'connected' });

    const creator = await requestJson(`${p.adminUrl}/api/v1/creators`, { token, body: { name: 'Ava' } });
    const link = await requestJson(`${p.adminUrl}/api/v1/links`, {
      token,
      body: { creatorId: creator.body.id, destinationUrl: `${storeOrigin}/`, integrationIds: [integrationId] },
    });

    await page.goto(link.body.url);
    const landed = new URL(page.url());
    expect(landed.origin).to.equal(storeOrigin);
    expect(landed.searchParams.get('ref')).to.equal(link.body.code);
    const itc = landed.searchParams.get('itc');
    expect(itc).to.match(/^clk_/);

    await page.click('a[href^="/product"]');
    await page.click('#buy');
    await page.waitForURL(/\/checkout\/confirmation/);
    const orderId = new URL(page.url()).searchParams.get('orderId') ?? '';

    // The store's server reports the order too, forwarding the click id from the pixel's cookie, and
    // may come first: either report can credit the order, and it is credited once.
    const order = await waitFor(async () => {
      const found = await orderOutcome(p, { token, integrationId }, orderId);
      return found.status === 'credited' ? found : undefined;
    }, 'the order to be credited');
    expect(order).to.include({ status: 'credited', attributedBy: 'link', creatorId: creator.body.id, currency: 'USD' });
    // The store's server reported it too: the order is confirmed, its value the server's, its credit the pixel's click.
    const row = await waitFor(async () => {
      const found = await p.db('orders').where({ integration_id: integrationId, order_id: orderId }).first('click_id', 'confirmed', 'status');
      return found?.confirmed && found.status === 'credited' ? found : undefined;
    }, 'the store server to confirm the order');
    expect(row).to.deep.equal({ click_id: itc, confirmed: true, status: 'credited' });
    // Both reports reach the log and get an outcome, whichever came second (the pixel's may still
    // be on its way when the server's has already credited the order).
    const reports = await waitFor(async () => {
      const recorded = await recordedReports(p.db, integrationId, orderId);
      return recorded.length === 2 ? recorded : undefined;
    }, 'the pixel and the server reports to be recorded');
    expect(reports.map((r) => r.source).sort()).to.deep.equal(['pixel', 'server']);
    expect(reports.map((r) => r.outcome).sort()).to.deep.equal(['credited', 'duplicate']);
    expect(pageErrors).to.deep.equal([]);
    expect(consoleErrors).to.deep.equal([]);
  });
});
