import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { insertOrderRow } from '../support/order-rows';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { requestJson } from '../support/http';
import { testConfig } from '../support/test-config';
import { closeTabs, openDashboard, openPage, screenshot, signIn, tabTo, type DashboardTab } from './dashboard-browser';

const TEMPORAL_UI_URL = 'http://temporal-ui.test:8233';

/** With TEMPORAL_UI_URL configured, an order's detail links to its workflow there (without it, order-detail.test.ts sees no link). */
describe("dashboard: an order's workflow in the Temporal UI", function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let ws: { workspaceId: string; token: string };
  let integrationId: string;
  const tabs: DashboardTab[] = [];

  before(async function () {
    const base = testConfig();
    p = await startPipeline({ worker: false, config: { temporal: { ...base.temporal, uiUrl: TEMPORAL_UI_URL } } });
    browser = await launchChromium();
    ws = await newWorkspace(p.db);
    integrationId = (
      await requestJson(`${p.adminUrl}/api/v1/integrations`, { token: ws.token, body: { type: 'custom', websiteUrl: 'https://ui.example.com' } })
    ).body.id;
    await insertOrderRow(p.db, ws.workspaceId, { integrationId, status: 'skipped', minor: 1250, currency: 'EUR', at: new Date(), orderId: 'UI #7' });
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });
  afterEach(() => closeTabs(tabs));

  it('links the order detail to its workflow runs: the namespace and the workflow id in the UI query, reached with the keyboard', async () => {
    const tab = await openDashboard(browser, p.adminUrl);
    tabs.push(tab);
    const { page } = tab;
    await signIn(page, ws.token);
    await openPage(page, 'Orders');
    await page.getByRole('link', { name: 'Order UI #7' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order UI #7' }).waitFor();
    const link = page.getByRole('link', { name: 'Open its workflow in the Temporal UI' });
    await link.waitFor();
    expect(await link.getAttribute('href')).to.equal(
      `${TEMPORAL_UI_URL}/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId="order/${integrationId}/UI #7"`)}`,
    );
    expect(await tabTo(page, link), 'Tab reaches the link').to.equal(true);
    expect(await link.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').to.equal('solid');
    await screenshot(page, 'order-detail-temporal-link');
  });
});
