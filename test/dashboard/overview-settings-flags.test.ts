import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { newId, randomString } from '../../core/domain/ids';
import { insertOrderFlags } from '../../core/repositories/reconciliation';
import { launchChromium } from '../support/browser';
import { requestJson } from '../support/http';
import { insertOrderRow, type OrderRow } from '../support/order-rows';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { closeTabs, type DashboardTab, firstSeriesPixels, openPage, screenshot, signedInTabs, waitForCount } from './dashboard-browser';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The landing Overview, Settings, Flags and the Reports period and CSV, for an Admin and a Member.
 * Orders, clicks and flags are written straight into PostgreSQL at chosen times: these pages show
 * what the API reads back (how the pipeline decides is tested elsewhere).
 */
describe('dashboard: overview, settings, flags and report periods', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let ws: { workspaceId: WorkspaceId; token: string };
  let memberToken: string;
  let shop: string;
  let outlet: string;
  let outletDup: { id: string };
  const tabs: DashboardTab[] = [];
  const dashboardAs = signedInTabs(tabs, () => ({ browser, adminUrl: p.adminUrl }));
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS - 60_000);
  const shopName = 'Custom store https://shop.example.com';
  const outletName = 'Custom store https://outlet.example.com';

  const insertOrder = (o: Omit<OrderRow, 'integrationId' | 'status'> & { integration: string; status?: OrderRow['status'] }) =>
    insertOrderRow(p.db, ws.workspaceId, { ...o, integrationId: o.integration, status: o.status ?? 'credited' });

  before(async function () {
    p = await startPipeline({ worker: false });
    browser = await launchChromium();
    ws = await newWorkspace(p.db);
    const api = (path: string, body?: unknown) => requestJson(`${p.adminUrl}${path}`, { token: ws.token, body });
    memberToken = (await api('/api/v1/members', { email: `member-${randomString(8)}@overview.test`, role: 'member' })).body.token;
    shop = (await api('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://shop.example.com' })).body.id;
    outlet = (await api('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://outlet.example.com' })).body.id;
    const ava = (await api('/api/v1/creators', { name: 'Ava' })).body.id;
    const ben = (await api('/api/v1/creators', { name: 'Ben' })).body.id;
    const link = (await api('/api/v1/links', { creatorId: ava, destinationUrl: 'https://shop.example.com/', integrationIds: [shop] })).body.id;

    await insertOrder({ integration: shop, creatorId: ava, minor: 4000, currency: 'EUR', at: daysAgo(1), orderId: 'DUP-1' });
    outletDup = await insertOrder({ integration: outlet, creatorId: ben, minor: 4000, currency: 'EUR', at: daysAgo(1), orderId: 'DUP-1' });
    await insertOrder({ integration: shop, creatorId: ava, minor: 2550, currency: 'USD', at: daysAgo(2) });
    await insertOrder({ integration: shop, creatorId: ben, minor: 1000, refundedMinor: 500, currency: 'EUR', at: daysAgo(12), orderId: 'REFUNDED-1' });
    await insertOrder({ integration: shop, minor: 3000, currency: 'EUR', at: daysAgo(0), orderId: 'WAITING-1', status: 'pending' });
    await insertOrder({ integration: shop, minor: 9900, currency: 'EUR', at: daysAgo(1), status: 'skipped' });
    const clicks = [daysAgo(1), daysAgo(1), daysAgo(3), daysAgo(12)];
    // The two clicks of yesterday are one visitor's: the second is not unique.
    const unique = [true, false, true, true];
    await p
      .db('clicks')
      .insert(clicks.map((at, i) => ({ id: newId('clk'), link_id: link, workspace_id: ws.workspaceId, clicked_at: at, is_unique: unique[i] })));
    await insertOrderFlags(p.db, [
      { workspaceId: ws.workspaceId, kind: 'cross_integration_duplicate', integrationId: shop, orderId: 'DUP-1', details: { otherIntegrationIds: [outlet] } },
      { workspaceId: ws.workspaceId, kind: 'cross_integration_duplicate', integrationId: outlet, orderId: 'DUP-1', details: { otherIntegrationIds: [shop] } },
      {
        workspaceId: ws.workspaceId,
        kind: 'changed_repeat',
        integrationId: shop,
        orderId: 'REPEAT-9',
        details: { reportId: 'rpt_x', reported: { valueMinor: 1200, currency: 'EUR' }, credited: { valueMinor: 4000, currency: 'EUR' } },
      },
    ]);
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });
  afterEach(() => closeTabs(tabs));

  const stat = (page: Page, name: string) => page.getByRole('definition').filter({ has: page.locator(`xpath=preceding-sibling::dt[text()="${name}"]`) });

  describe('Overview, the landing page', () => {
    it('shows an Admin the last 30 days: clicks, credited orders, gross, refunded and net per currency, a daily chart and the top creators', async () => {
      const page = await dashboardAs(ws.token);
      expect(await page.getByLabel('Show', { exact: true }).inputValue()).to.equal('30');
      await stat(page, 'Clicks').getByText('4', { exact: true }).waitFor();
      expect(await stat(page, 'Unique clicks').textContent()).to.equal('3');
      expect(await stat(page, 'Credited orders').textContent()).to.equal('4');
      expect(await stat(page, 'Conversion (per unique click)').textContent()).to.equal('133.3 %');
      expect(await stat(page, 'Gross revenue').textContent()).to.equal('€90.00, $25.50');
      expect(await stat(page, 'Refunded').textContent()).to.equal('€5.00, $0.00');
      expect(await stat(page, 'Net revenue').textContent()).to.equal('€85.00, $25.50');

      const canvas = page.getByRole('img', { name: /^Net revenue per day from / });
      await canvas.waitFor();
      expect(await firstSeriesPixels(canvas), 'bars of the first currency drawn').to.be.greaterThan(20);

      const top = page.getByRole('table', { name: 'Top creators by credited orders' }).getByRole('row');
      expect(await top.nth(1).textContent())
        .to.include('Ava')
        .and.include('2')
        .and.include('€40.00, $25.50');
      expect(await top.nth(2).textContent())
        .to.include('Ben')
        .and.include('2')
        .and.include('€50.00');
      await screenshot(page, 'overview');
    });

    it('narrows to the last 7 days, and keeps a custom range in the address across a reload', async () => {
      const page = await dashboardAs(ws.token);
      await stat(page, 'Clicks').getByText('4', { exact: true }).waitFor();
      await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Last 7 days' });
      await stat(page, 'Clicks').getByText('3', { exact: true }).waitFor();
      expect(await stat(page, 'Credited orders').textContent()).to.equal('3');
      expect(await stat(page, 'Gross revenue').textContent()).to.equal('€80.00, $25.50');
      expect(await stat(page, 'Refunded').textContent(), 'the refunded order is older than 7 days').to.equal('€0.00, $0.00');

      const from = daysAgo(2).toISOString().slice(0, 10);
      const to = daysAgo(2).toISOString().slice(0, 10);
      await page.getByLabel('From', { exact: true }).fill(from);
      await page.getByLabel('To', { exact: true }).fill(to);
      await stat(page, 'Credited orders').getByText('1', { exact: true }).waitFor();
      expect(await page.getByLabel('Show', { exact: true }).inputValue()).to.equal('custom');
      expect(new URL(page.url()).searchParams.get('from')).to.equal(from);
      await page.reload();
      await stat(page, 'Credited orders').getByText('1', { exact: true }).waitFor();
      expect(await stat(page, 'Gross revenue').textContent()).to.equal('$25.50');
      await page.getByText('Per day as a table').click();
      expect(await page.getByRole('row', { name: new RegExp(from) }).textContent()).to.include('$25.50');
    });

    it('shows a Member the same figures', async () => {
      const page = await dashboardAs(memberToken);
      await stat(page, 'Clicks').getByText('4', { exact: true }).waitFor();
      expect(await stat(page, 'Net revenue').textContent()).to.equal('€85.00, $25.50');
      await screenshot(page, 'overview-member');
    });
  });

  describe('Settings', () => {
    after(async () => {
      await p.db('workspaces').where({ id: ws.workspaceId }).update({ name: 'Test shop', attribution_window_days: 30 });
    });

    it('lets an Admin rename the workspace and change the attribution window, with the keyboard only', async () => {
      const page = await dashboardAs(ws.token);
      await openPage(page, 'Settings');
      const name = page.getByLabel('Workspace name', { exact: true });
      await name.waitFor();
      expect(await page.getByLabel('Attribution window (days)', { exact: true }).inputValue()).to.equal('30');
      await page.locator('#main').focus();
      let reached = false;
      for (let presses = 0; presses < 10 && !reached; presses++) {
        await page.keyboard.press('Tab');
        reached = await name.evaluate((el) => el === document.activeElement);
      }
      expect(reached, 'Tab reaches Workspace name').to.equal(true);
      expect(await name.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').to.equal('solid');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('Ava & Co');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('90');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Saved: Ava & Co, attribution window 90 days.' }).waitFor();
      expect(await page.locator('.topbar .workspace').textContent()).to.equal('Ava & Co');
      const saved = await requestJson(`${p.adminUrl}/api/v1/workspace`, { token: ws.token });
      expect(saved.body).to.include({ name: 'Ava & Co', attributionWindowDays: 90 });
      await screenshot(page, 'settings');
    });

    it('keeps a window outside 1–365 days from being sent', async () => {
      const page = await dashboardAs(ws.token);
      await openPage(page, 'Settings');
      const windowDays = page.getByLabel('Attribution window (days)', { exact: true });
      await windowDays.fill('400');
      await page.getByRole('button', { name: 'Save settings' }).click();
      expect(await windowDays.evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow)).to.equal(true);
      const stored = await p.db('workspaces').where({ id: ws.workspaceId }).first('attribution_window_days');
      expect(stored.attribution_window_days).to.not.equal(400);
    });

    it('shows a Member the settings read-only, without a form', async () => {
      await p.db('workspaces').where({ id: ws.workspaceId }).update({ attribution_window_days: 45 });
      const page = await dashboardAs(memberToken);
      await openPage(page, 'Settings');
      await page.getByText('Only an Admin can change these settings.').waitFor();
      expect(await page.getByText('45 days', { exact: true }).count()).to.equal(1);
      expect(await page.getByRole('textbox').count()).to.equal(0);
      expect(await page.getByRole('spinbutton').count()).to.equal(0);
      expect(await page.getByRole('button', { name: 'Save settings' }).count()).to.equal(0);
      await screenshot(page, 'settings-member');
    });
  });

  describe('Flags', () => {
    it("lists reconciliation's flags in words, filters them, and links each recorded one to its order", async () => {
      const page = await dashboardAs(ws.token);
      await openPage(page, 'Flags');
      const rows = page.locator('tr[data-flag-id]');
      await rows.nth(2).waitFor();
      expect(await rows.count()).to.equal(3);
      const repeat = page.getByRole('row', { name: /REPEAT-9/ });
      expect(await repeat.textContent())
        .to.include('Repeat report with another value or currency')
        .and.include('A repeat report said €12.00; the order was credited with €40.00')
        .and.include('Not recorded');
      const onShop = rows.filter({ hasText: `Also credited on ${outletName}` });
      expect(await onShop.textContent())
        .to.include('DUP-1')
        .and.include('Credited')
        .and.include('€40.00');
      await screenshot(page, 'flags');

      // A filter shows the last list until the filtered one arrives: wait for the list to be the filtered one.
      await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Repeat report with another value or currency' });
      await waitForCount(page, 'tr[data-flag-id]', 1);
      expect(await rows.first().textContent()).to.include('REPEAT-9');
      await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'All' });
      await waitForCount(page, 'tr[data-flag-id]', 3);
      await page.getByLabel('Store', { exact: true }).selectOption({ label: outletName });
      await waitForCount(page, 'tr[data-flag-id]', 1);
      expect(await rows.first().textContent()).to.include(`Also credited on ${shopName}`);

      // The flag opens its own order's detail: the outlet's DUP-1, not the shop's order of the same id.
      await rows.getByRole('link', { name: 'Order DUP-1: its detail' }).click();
      await page.waitForURL((url) => url.pathname === `/orders/${outletDup.id}`);
      await page.getByRole('heading', { level: 1, name: 'Order DUP-1' }).waitFor();
      await page.getByText(`order/${outlet}/DUP-1`, { exact: true }).waitFor();
      expect(await page.locator('dl.facts').textContent()).to.include('€40.00');
    });

    it('shows a Member the same flags', async () => {
      const page = await dashboardAs(memberToken);
      await openPage(page, 'Flags');
      await page.locator('tr[data-flag-id]').nth(2).waitFor();
      expect(await page.locator('tr[data-flag-id]').count()).to.equal(3);
    });
  });

  describe('Orders', () => {
    it("shows what refunds took back of an order, and a pending order waiting for the store's server", async () => {
      const page = await dashboardAs(memberToken);
      await openPage(page, 'Orders');
      const refunded = page.locator('tr[data-order-id="REFUNDED-1"]');
      await refunded.waitFor();
      expect(await refunded.textContent())
        .to.include('€10.00')
        .and.include('€5.00');
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Pending' });
      const waiting = page.locator('tr[data-order-id="WAITING-1"]');
      await refunded.waitFor({ state: 'detached' });
      expect(await waiting.textContent())
        .to.include('Pending')
        .and.include("Waiting for the store's server to confirm it")
        .and.include('awaiting_confirmation');
      expect(await page.locator('tr[data-order-id]').count()).to.equal(1);
      await screenshot(page, 'orders-pending');
    });
  });

  describe('Integration card: server confirmation', () => {
    it('lets an Admin require server confirmation with a window, and shows a Member the setting', async () => {
      const page = await dashboardAs(ws.token);
      await openPage(page, 'Integrations');
      const card = page.getByRole('article', { name: shopName });
      const form = card.getByRole('form', { name: 'Server confirmation' });
      const checkbox = form.getByLabel('Require server confirmation');
      await checkbox.waitFor();
      expect(await checkbox.isChecked()).to.equal(false);
      expect(await form.getByLabel('Confirmation window (hours)').inputValue()).to.equal('72');
      await checkbox.check();
      await form.getByLabel('Confirmation window (hours)').fill('48');
      await form.getByRole('button', { name: 'Save confirmation' }).click();
      await form.getByRole('status').filter({ hasText: 'Saved. Required: a pixel order waits up to 48 hours' }).waitFor();
      const stored = await requestJson(`${p.adminUrl}/api/v1/integrations/${shop}`, { token: ws.token });
      expect(stored.body).to.include({ requireServerConfirmation: true, confirmationWindowHours: 48 });
      const outletForm = page.getByRole('article', { name: outletName }).getByRole('form', { name: 'Server confirmation' });
      expect(await outletForm.getByLabel('Require server confirmation').isChecked(), 'the other store is unchanged').to.equal(false);
      await screenshot(page, 'integration-confirmation');

      const memberPage = await dashboardAs(memberToken);
      await openPage(memberPage, 'Integrations');
      const memberCard = memberPage.getByRole('article', { name: shopName });
      await memberCard.getByText('Required: a pixel order waits up to 48 hours for your server to report it').waitFor();
      expect(await memberCard.getByRole('form', { name: 'Server confirmation' }).count()).to.equal(0);
      expect(await memberPage.getByLabel('Require server confirmation').count()).to.equal(0);
    });
  });

  describe('Reports', () => {
    it('shows the chosen period and downloads it as CSV, from the keyboard', async () => {
      const page = await dashboardAs(memberToken);
      await openPage(page, 'Reports');
      const avaRow = page.getByRole('row', { name: /^Ava/ });
      const benRow = page.getByRole('row', { name: /^Ben/ });
      /** Creator, clicks, unique clicks, orders, revenue, refunded, net revenue, conversion: as the row shows them. */
      const cells = async (row: Locator) => (await row.locator('th, td').allTextContents()).map((text) => text.trim());
      const headers = (await page.locator('thead th').allTextContents()).map((text) => text.trim());
      expect(headers).to.deep.equal(['Creator', 'Clicks', 'Unique clicks', 'Orders', 'Revenue', 'Refunded', 'Net revenue', 'Conversion (per unique click)']);
      await benRow.getByText('€50.00').waitFor();
      expect((await cells(benRow)).slice(4, 7), 'Ben over 30 days: gross, refunded, net').to.deep.equal(['€50.00', '€5.00', '€45.00']);
      await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Last 7 days' });
      // The stale 30-day row shows €50.00 until the 7-day report arrives.
      await benRow.getByText('€50.00').waitFor({ state: 'detached' });
      expect((await cells(benRow)).slice(4, 7), 'the refunded order is older than 7 days').to.deep.equal(['€40.00', '€0.00', '€40.00']);
      expect((await cells(avaRow)).slice(4, 7)).to.deep.equal(['€40.00, $25.50', '€0.00, $0.00', '€40.00, $25.50']);
      await screenshot(page, 'reports');

      const button = page.getByRole('button', { name: 'Download CSV' });
      await page.getByLabel('Show', { exact: true }).focus();
      await page.keyboard.press('Shift+Tab');
      expect(await button.evaluate((el) => el === document.activeElement), 'Shift+Tab from the period reaches Download CSV').to.equal(true);
      expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').to.equal('solid');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      const { from, to } = Object.fromEntries(new URL(page.url()).searchParams);
      expect(download.suggestedFilename()).to.equal(`creators-${from}-to-${to}.csv`);
      const csv = readFileSync((await download.path()) as string, 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      expect(lines[0]).to.equal(
        'creatorId,name,clicks,uniqueClicks,orders,conversionRate,revenueEUR,revenueUSD,refundedEUR,refundedUSD,netRevenueEUR,netRevenueUSD',
      );
      expect(lines.find((l) => l.includes(',Ben,'))).to.match(/,Ben,0,0,1,,40,0,0,0,40,0$/);
      expect(lines.find((l) => l.includes(',Ava,'))).to.match(/,Ava,3,2,2,1,40,25\.5,0,0,40,25\.5$/);
    });
  });
});
