import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { randomString } from '../../core/domain/ids';
import { launchChromium } from '../support/browser';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { closeTabs, type DashboardTab, openPage, screenshot, signedInTabs } from './dashboard-browser';

/** Order detail against the real pipeline: an order credited by its workflow, refunded in part from the page. */
describe('dashboard: order detail and refunds', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let store: ConnectedStore;
  let memberToken: string;
  const orderId = `DETAIL-${randomString(8)}`;
  const tabs: DashboardTab[] = [];
  const dashboardAs = signedInTabs(tabs, () => ({ browser, adminUrl: p.adminUrl }));

  before(async function () {
    p = await startPipeline();
    browser = await launchChromium();
    store = await connectStore(p, 'https://detail.example.com');
    memberToken = (
      await requestJson(`${p.adminUrl}/api/v1/members`, { token: store.token, body: { email: `member-${randomString(8)}@detail.test`, role: 'member' } })
    ).body.token;
    const coupon = `AVA-${randomString(6)}`;
    await requestJson(`${p.adminUrl}/api/v1/coupons`, {
      token: store.token,
      body: { creatorId: store.creatorId, code: coupon, integrationIds: [store.integrationId] },
    });
    const beacon = { id: store.integrationId, type: 'order', url: `${store.origin}/thanks`, order: { orderId, value: 40, currency: 'EUR', coupon } };
    expect((await sendBeacon(p.ingestUrl, store.origin, beacon)).status).to.equal(202);
    expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited' });
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });
  afterEach(() => closeTabs(tabs));

  it('opens an order from Orders with its report, and lets an Admin refund part of it, with the result shown', async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Orders');
    await page.getByRole('link', { name: `Order ${orderId}` }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${orderId}` }).waitFor();
    const report = page.locator('tr[data-report-id]');
    await report.first().waitFor();
    expect(await report.count()).to.equal(1);
    expect(await report.textContent())
      .to.include('pixel')
      .and.include('€40.00')
      .and.include('credited');
    expect(await page.getByText('Not confirmed by the server (pixel only)').count()).to.equal(1);
    expect(await page.getByText(`order/${store.integrationId}/${orderId}`).count()).to.equal(1);
    expect(await page.getByRole('link', { name: /Temporal UI/ }).count(), 'no TEMPORAL_UI_URL here: no link').to.equal(0);

    const form = page.getByRole('form', { name: 'Refund' });
    expect(await form.getByLabel('Amount to refund (EUR)').inputValue()).to.equal('40');
    await form.getByLabel('Amount to refund (EUR)').fill('12.5');
    await form.getByRole('button', { name: 'Refund' }).click();
    await form.getByRole('status').filter({ hasText: 'queued' }).waitFor();
    const refund = page.getByRole('list', { name: 'Refunds' }).getByRole('listitem');
    await refund.filter({ hasText: 'applied €12.50' }).waitFor({ timeout: 60_000 });
    const facts = page.locator('dl.facts');
    await facts.getByText('€27.50').waitFor();
    expect(await facts.textContent()).to.include('€12.50');
    const stored = await requestJson(`${p.adminUrl}/api/v1/orders?integrationId=${store.integrationId}`, { token: store.token });
    expect(stored.body.data[0]).to.include({ orderId, refundedValue: 12.5, netValue: 27.5 });
    await screenshot(page, 'order-detail');
  });

  it('shows a Member the order without the Refund action', async () => {
    const page = await dashboardAs(memberToken);
    await openPage(page, 'Orders');
    await page.getByRole('link', { name: `Order ${orderId}` }).click();
    await page.locator('tr[data-report-id]').first().waitFor();
    await page.getByRole('list', { name: 'Refunds' }).waitFor();
    expect(await page.getByRole('form', { name: 'Refund' }).count()).to.equal(0);
  });
});
