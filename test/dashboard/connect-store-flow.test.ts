import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { reserveDemoStore, type ReservedDemoStore } from '../support/demo-store';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { expectNoProblems, fillTokenForm, firstSeriesPixels, openDashboard, openPage, screenshot, signIn, type DashboardTab } from './dashboard-browser';

/**
 * A store admin in a real browser, on the real pipeline: connects the demo store from the
 * dashboard, installs the copied snippet, verifies, enables a coupon, and sees the orders the
 * demo store's shopper places; then disconnects. The steps share one session, in order.
 */
describe('dashboard: connecting a store and seeing its orders', function () {
  this.timeout(180_000);
  let p: Pipeline;
  let browser: Browser;
  let store: ReservedDemoStore;
  let token: string;
  let admin: DashboardTab;
  let shopper: BrowserContext;
  let snippet: string;
  const coupon = `AVA10${Date.now() % 100_000}`;
  const orderIds: { credited?: string; skipped?: string } = {};

  const card = () => admin.page.getByRole('article', { name: `Custom store ${store.origin}` });

  /** The shopper buys the tee on the demo store (with a coupon or none) and returns the order id of the confirmation page. */
  async function buyOnDemoStore(page: Page, couponCode: string): Promise<string> {
    await page.goto(`${store.origin}/product?sku=tee`);
    await page.getByLabel('Coupon').fill(couponCode);
    await page.click('#buy');
    await page.waitForURL(/\/checkout\/confirmation/);
    return new URL(page.url()).searchParams.get('orderId') ?? '';
  }

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    browser = await launchChromium();
    ({ token } = await newWorkspace(p.db));
    store = await reserveDemoStore(p);
    admin = await openDashboard(browser, p.adminUrl, { clipboard: true });
    shopper = await browser.newContext();
  });
  after(async () => {
    await browser?.close();
    store?.close();
    await p?.stop();
  });
  afterEach(() => expectNoProblems(admin));

  it('refuses a bad token with the API error, then signs in with a good one', async () => {
    const bad = await openDashboard(browser, p.adminUrl);
    await fillTokenForm(bad.page, 'itk_not-a-real-token');
    const alert = bad.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent())
      .to.include('A valid API token is required')
      .and.include('unauthorized');
    expect(await bad.page.getByRole('navigation', { name: 'Sidebar' }).count()).to.equal(0);
    // The browser reports the API's 401 in the console; nothing else may appear there.
    expect(bad.problems.filter((m) => !m.includes('status of 401'))).to.deep.equal([]);
    await bad.context.close();

    await signIn(admin.page, token);
    expect(await admin.page.getByText('Admin', { exact: true }).count()).to.equal(1);
    await openPage(admin.page, 'Integrations');
  });

  it('adds a Custom integration for the website URL and copies its snippet', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Add integration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add integration' });
    await dialog.getByRole('button', { name: /^Custom/ }).click();
    await dialog.getByLabel('Website URL').fill(store.origin);
    await dialog.getByRole('button', { name: 'Get snippet' }).click();

    const snippetDialog = page.getByRole('dialog', { name: 'Install the snippet' });
    const shown = (await snippetDialog.locator('pre').textContent()) ?? '';
    expect(shown).to.include('<!-- Influtrace -->').and.include(`${p.ingestUrl}/api/v1/integrations/custom/t.js`);
    expect(shown).to.match(/"int_[A-Za-z0-9_]+"\);/);
    await snippetDialog.getByRole('button', { name: 'Copy snippet' }).click();
    await snippetDialog.getByText('Copied').waitFor();
    snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).to.equal(shown);
    await screenshot(page, 'connect-dialog-with-snippet');

    await snippetDialog.getByRole('button', { name: 'Done' }).click();
    await card().getByText('Pending', { exact: true }).waitFor();
    // Last pixel activity and origins seen; the card may still be filling in when Pending shows.
    await card().getByText('None yet').nth(1).waitFor();
    expect(await card().getByText('None yet').count()).to.equal(2);
  });

  it('shows the "No pixel activity yet" guidance before any visit, and Connected once the store with the snippet is visited', async () => {
    store.install(snippet);
    await card().getByRole('button', { name: 'Verify pixel' }).click();
    const guidance = card().getByRole('status').filter({ hasText: 'No pixel activity yet' });
    await guidance.waitFor();
    expect(await guidance.textContent())
      .to.include('the snippet is on the page and the site is published')
      .and.include(store.origin);
    expect(await card().getByText('Pending', { exact: true }).count()).to.equal(1);

    const shopperPage = await shopper.newPage();
    await shopperPage.goto(`${store.origin}/`);
    // No second click: the API keeps polling after a pending Verify, and the card looks again while it does.
    await card().getByText('Connected', { exact: true }).waitFor({ timeout: 90_000 });
    await card().getByText(`${store.origin} (registered)`).waitFor();
    expect(await card().getByText('None yet').count()).to.equal(0);
    await shopperPage.close();
    await screenshot(admin.page, 'integrations');
  });

  it('creates a creator and a coupon with the store ticked under Enable integrations', async () => {
    const { page } = admin;
    await openPage(page, 'Creators');
    await page.getByLabel('Name').fill('Ava Creator');
    await page.getByRole('button', { name: 'Add creator' }).click();
    await page.getByRole('cell', { name: 'Ava Creator', exact: true }).waitFor();
    await screenshot(page, 'creators');

    await openPage(page, 'Coupons');
    const form = page.getByRole('form', { name: 'Add a coupon' });
    await form.getByLabel('Creator').selectOption({ label: 'Ava Creator' });
    await form.getByLabel('Coupon code').fill(coupon);
    await form.getByRole('group', { name: 'Enable integrations' }).getByLabel(`Custom store ${store.origin}`).check();
    await form.getByRole('button', { name: 'Add coupon' }).click();
    const created = page.getByRole('group', { name: `Enable integrations on ${coupon}` }).getByLabel(`Custom store ${store.origin}`);
    await created.waitFor();
    expect(await created.isChecked()).to.equal(true);
  });

  it('lists the orders placed on the demo store: one credited by the coupon, one skipped with its reason', async () => {
    const shopperPage = await shopper.newPage();
    orderIds.credited = await buyOnDemoStore(shopperPage, coupon);
    orderIds.skipped = await buyOnDemoStore(shopperPage, '');
    await shopperPage.close();

    const { page } = admin;
    await openPage(page, 'Orders');
    const row = (orderId: string) => page.locator(`tr[data-order-id="${orderId}"]`);
    await waitFor(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await page.waitForLoadState('networkidle');
        return (await row(orderIds.credited ?? '').count()) > 0 && (await row(orderIds.skipped ?? '').count()) > 0;
      },
      'both orders on the Orders page',
      60_000,
    );
    const credited = (await row(orderIds.credited ?? '').textContent()) ?? '';
    expect(credited).to.include('Credited').and.include('Ava Creator').and.include(`coupon ${coupon}`).and.include('$29.00');
    const skipped = (await row(orderIds.skipped ?? '').textContent()) ?? '';
    expect(skipped).to.include('Skipped').and.include('No coupon and no saved link attribution').and.include('unattributable');
    await screenshot(page, 'orders');
  });

  it("draws the creator's revenue over time on the report page", async () => {
    const { page } = admin;
    await openPage(page, 'Reports');
    const reportRow = page.getByRole('row', { name: /Ava Creator/ });
    expect(await reportRow.textContent()).to.include('$29.00');
    await reportRow.getByRole('link', { name: 'Ava Creator' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ava Creator' }).waitFor();
    await page.getByText('$29.00 from 1 order').waitFor();

    const canvas = page.getByRole('img', { name: /Revenue per day of Ava Creator/ });
    await canvas.waitFor();
    // The first series' bar colour on the canvas: the bar for today's order was drawn.
    expect(await firstSeriesPixels(canvas)).to.be.greaterThan(20);

    await page.getByText('Revenue by day as a table').click();
    const today = new Date().toISOString().slice(0, 10);
    expect(await page.getByRole('row', { name: new RegExp(today) }).textContent()).to.include('$29.00');
    await screenshot(page, 'report');
  });

  it('disconnects only after confirmation, and the card shows Disconnected without the admin controls', async () => {
    const { page } = admin;
    await openPage(page, 'Integrations');
    await card().getByRole('button', { name: 'Disconnect' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disconnect this store?' });
    expect(await confirm.textContent()).to.include('Past orders stay in your reports');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await confirm.count()).to.equal(0);
    expect(await card().getByText('Connected', { exact: true }).count()).to.equal(1);

    await card().getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('dialog', { name: 'Disconnect this store?' }).getByRole('button', { name: 'Disconnect' }).click();
    await card().getByText('Disconnected', { exact: true }).waitFor();
    expect(await card().getByRole('button', { name: 'Verify pixel' }).count()).to.equal(0);
    expect(await card().getByRole('button', { name: 'Disconnect' }).count()).to.equal(0);
    const stored = await p.db('integrations').where({ origin: store.origin }).first('status');
    expect(stored.status).to.equal('disconnected');
  });
});
