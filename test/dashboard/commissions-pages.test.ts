import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { creditOrder, seedCommissionStore, type CommissionStore } from '../commissions/commission-fixtures';
import { closeTabs, type DashboardTab, openPage, screenshot, signedInTabs } from './dashboard-browser';

/** Creator rules, commission settings, Commissions, Payouts and an order's commissions, as an Admin and as a Member. */
describe('dashboard: commissions and payouts', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let store: CommissionStore;
  let memberToken: string;
  const tabs: DashboardTab[] = [];
  const dashboardAs = signedInTabs(tabs, () => ({ browser, adminUrl: p.adminUrl }));

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    browser = await launchChromium();
    store = await seedCommissionStore(p.db, { rule: null, holdDays: 0 });
    const member = await requestJson(`${p.adminUrl}/api/v1/members`, { token: store.token, body: { email: `member-${Date.now()}@com.test`, role: 'member' } });
    memberToken = member.body.token;
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });
  afterEach(() => closeTabs(tabs));

  it("lets an Admin set the workspace's default rule, hold and minimum in Settings", async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Settings');
    const form = page.getByRole('form', { name: 'Commission settings' });
    await form.getByLabel('Rule', { exact: true }).selectOption('percent');
    await form.getByLabel('Percent').fill('10');
    await form.getByLabel('Hold (days)').fill('0');
    await form.getByLabel('Minimum payout').fill('USD 1');
    await form.getByRole('button', { name: 'Save commission settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await requestJson(`${p.adminUrl}/api/v1/workspace`, { token: store.token });
    expect(saved.body).to.deep.include({ commission: { type: 'percent', percent: 10 }, commissionHoldDays: 0, minimumPayout: { USD: 1 } });
    await screenshot(page, 'settings-commissions');
  });

  it("lets an Admin give a creator its own rule on the creator's page, and shows the rule in effect", async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Creators');
    await page.getByRole('link', { name: 'Noor', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Noor' }).waitFor();
    await page.getByText("10 % of the order's net value (the workspace's default)").waitFor();
    await page.getByLabel('E-mail').fill('noor@creators.test');
    await page.getByLabel('Rule', { exact: true }).selectOption('flat');
    await page.getByLabel('Amounts per currency').fill('USD 5, EUR 4.5');
    await page.getByRole('button', { name: 'Save creator' }).click();
    // PostgreSQL keeps jsonb keys in its own order: the API answers EUR before USD.
    await page.getByText('Flat per order: EUR 4.5, USD 5').first().waitFor();
    const creator = await requestJson(`${p.adminUrl}/api/v1/creators/${store.creatorId}`, { token: store.token });
    expect(creator.body).to.deep.include({ email: 'noor@creators.test', commission: { type: 'flat', amounts: { USD: 5, EUR: 4.5 } } });
    await screenshot(page, 'creator-page');
  });

  it("shows an order's creator, how it was credited, and its commissions", async () => {
    const orderRowId = await creditOrder(p.db, store, { minor: 2000 });
    await p.db('orders').where({ id: orderRowId }).update({ attributed_by: 'coupon', coupon_code: 'NOOR10', confirmed: true });
    const page = await dashboardAs(store.token);
    await page.goto(`${p.adminUrl}/orders/${orderRowId}`);
    await page.getByText('Noor, by coupon NOOR10').waitFor();
    const table = page.getByRole('table', { name: 'Commissions of this order' });
    await table.getByRole('cell', { name: '$5.00' }).waitFor();
    await table.getByRole('cell', { name: 'Approved' }).waitFor();
    await screenshot(page, 'order-commissions');

    await openPage(page, 'Orders');
    await page
      .getByRole('link', { name: /^Order / })
      .first()
      .waitFor();
    const overflow = await page
      .locator('.table-wrap')
      .first()
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, 'the orders list fits a 1280-pixel window').to.be.at.most(0);
  });

  it('filters commissions by creator and status', async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Commissions');
    await page.getByLabel('Status').selectOption('approved');
    await page.getByLabel('Creator').selectOption({ label: 'Noor' });
    await page.getByRole('cell', { name: 'Approved' }).first().waitFor();
    await page.getByLabel('Status').selectOption('reversed');
    await page.getByText('No commissions match.').waitFor();
  });

  it('runs payouts from the preview, marks one paid with a reference, cancels another, and downloads the CSV', async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Payouts');
    const preview = page.getByRole('table', { name: 'What each creator gets if payouts run now' });
    await preview.getByRole('cell', { name: 'Noor' }).waitFor();
    await page.getByRole('button', { name: 'Run payouts' }).click();
    await page.getByRole('status').filter({ hasText: '1 payout(s) created.' }).waitFor();
    await page.getByRole('button', { name: 'Mark paid: Noor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark the payout paid' });
    await dialog.getByLabel('Reference (e.g. the bank transfer)').fill('SEPA-42');
    await dialog.getByRole('button', { name: 'Mark paid' }).click();
    await page.getByRole('cell', { name: 'SEPA-42' }).waitFor();

    await creditOrder(p.db, store, { minor: 1000 });
    await page.reload();
    await page.getByRole('button', { name: 'Run payouts' }).click();
    await page.getByRole('button', { name: 'Cancel: Noor' }).click();
    await page.getByRole('dialog', { name: 'Cancel the payout' }).getByRole('button', { name: 'Cancel payout' }).click();
    await page.getByRole('cell', { name: 'Canceled' }).waitFor();
    const statuses = (await requestJson(`${p.adminUrl}/api/v1/payouts`, { token: store.token })).body.data.map((x: { status: string }) => x.status);
    expect(statuses).to.deep.equal(['canceled', 'paid']);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).to.equal('payouts.csv');
    await screenshot(page, 'payouts');
  });

  it('shows a Member commissions, payouts and rules read-only', async () => {
    const page = await dashboardAs(memberToken);
    await openPage(page, 'Payouts');
    await page.getByText('Only an Admin can run, pay or cancel payouts.').waitFor();
    expect(await page.getByRole('button', { name: 'Run payouts' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: /^Mark paid/ }).count()).to.equal(0);
    await openPage(page, 'Commissions');
    await page.getByRole('cell', { name: 'Paid' }).first().waitFor();
    await page.goto(`${p.adminUrl}/creators/${store.creatorId}`);
    await page.getByText('Only an Admin can change a commission rule.').waitFor();
    expect(await page.getByLabel('Rule', { exact: true }).count()).to.equal(0);
    await openPage(page, 'Settings');
    await page.getByRole('region', { name: 'Commission settings' }).getByText('0 days').waitFor();
    await screenshot(page, 'payouts-member');
  });
});
