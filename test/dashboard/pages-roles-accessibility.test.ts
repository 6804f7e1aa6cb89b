import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, type ConnectedStore } from '../support/store-setup';
import { closeTabs, DASHBOARD_PAGES as PAGES, type DashboardTab, fetchesSettled, openPage, screenshot, signedInTabs } from './dashboard-browser';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

/** The campaign pages, what a Member sees, hostile data, the keyboard and a phone-sized screen. */
describe('dashboard: pages, roles and accessibility', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let store: ConnectedStore;
  let memberToken: string;
  const storeName = 'Custom store https://shop.example.com';
  const tabs: DashboardTab[] = [];
  const dashboardAs = signedInTabs(tabs, () => ({ browser, adminUrl: p.adminUrl }));

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    browser = await launchChromium();
    store = await connectStore(p, 'https://shop.example.com');
    const member = await requestJson(`${p.adminUrl}/api/v1/members`, { token: store.token, body: { email: `member-${Date.now()}@shop.test`, role: 'member' } });
    memberToken = member.body.token;
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });
  afterEach(() => closeTabs(tabs));

  it('creates a tracking link with Enable integrations, and changes what is enabled on it', async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Links');
    const form = page.getByRole('form', { name: 'Add a tracking link' });
    await form.getByLabel('Creator').selectOption({ label: 'Ava' });
    await form.getByLabel('Destination URL').fill('https://shop.example.com/spring');
    await form.getByLabel('Code (optional)').fill('ava-spring');
    await form.getByRole('group', { name: 'Enable integrations' }).getByLabel(storeName).check();
    await form.getByRole('button', { name: 'Add link' }).click();

    const enabled = page.getByRole('group', { name: 'Enable integrations on ava-spring' }).getByLabel(storeName);
    await enabled.waitFor();
    expect(await enabled.isChecked()).to.equal(true);
    expect(await page.getByText(`${p.ingestUrl}/r/ava-spring`).count()).to.equal(1);
    const linkId = async () => (await p.db('links').where({ code: 'ava-spring' }).first('id')).id as string;
    const enabledIds = async () => (await requestJson(`${p.adminUrl}/api/v1/links?limit=500`, { token: store.token })).body.data[0].integrationIds;
    expect(await linkId()).to.match(/^lnk_/);
    expect(await enabledIds()).to.deep.equal([store.integrationId]);

    // The page's own change request answered (networkidle is long reached on a loaded page, so it waited for nothing).
    const changed = page.waitForResponse((r) => r.url().includes('/api/v1/links/') && r.request().method() !== 'GET');
    await enabled.uncheck();
    expect((await changed).ok()).to.equal(true);
    expect(await enabledIds()).to.deep.equal([]);
  });

  it('renders a hostile creator name as text everywhere it appears', async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Creators');
    await page.getByLabel('Name').fill(HOSTILE_NAME);
    await page.getByRole('button', { name: 'Add creator' }).click();
    await page.getByRole('cell', { name: HOSTILE_NAME, exact: true }).waitFor();
    await openPage(page, 'Reports');
    await page.getByRole('link', { name: HOSTILE_NAME, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: HOSTILE_NAME }).waitFor();
    await openPage(page, 'Coupons');
    await page.getByRole('option', { name: HOSTILE_NAME }).waitFor({ state: 'attached' });
    expect(await page.getByRole('option', { name: HOSTILE_NAME }).count()).to.equal(1);
    expect(await page.locator('img[src="x"]').count()).to.equal(0);
    // A JavaScript dialog (the alert) would be recorded as a problem and fail this test in afterEach.
  });

  it('shows a Member the same pages without Add integration, Verify pixel or Disconnect, which the API refuses anyway', async () => {
    const page = await dashboardAs(memberToken);
    expect(await page.getByText('Member', { exact: true }).count()).to.equal(1);
    await openPage(page, 'Integrations');
    const card = page.getByRole('article', { name: storeName });
    await card.getByText('Connected', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Add integration' }).count()).to.equal(0);
    expect(await card.getByRole('button', { name: 'Verify pixel' }).count()).to.equal(0);
    expect(await card.getByRole('button', { name: 'Disconnect' }).count()).to.equal(0);
    await card.getByRole('button', { name: 'Set up' }).click();
    expect(await card.locator('pre').textContent()).to.include(store.integrationId);

    for (const name of PAGES) await openPage(page, name);
    await openPage(page, 'Creators');
    await page.getByLabel('Name').fill('Added by a member');
    await page.getByRole('button', { name: 'Add creator' }).click();
    await page.getByRole('cell', { name: 'Added by a member', exact: true }).waitFor();

    for (const action of ['verify', 'disconnect']) {
      const refused = await requestJson(`${p.adminUrl}/api/v1/integrations/${store.integrationId}/${action}`, { method: 'POST', token: memberToken });
      expect(refused.status, action).to.equal(403);
    }
  });

  it('opens, fills and closes the Add integration dialog with the keyboard only', async () => {
    const page = await dashboardAs(store.token);
    await openPage(page, 'Integrations');
    const addButton = page.getByRole('button', { name: 'Add integration' });
    let reached = false;
    for (let presses = 0; presses < 30 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await addButton.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'Tab reaches Add integration').to.equal(true);
    const focusRing = await addButton.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(focusRing, 'visible focus').to.equal('solid');

    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add integration' });
    await dialog.waitFor();
    await page.keyboard.press('Enter'); // Custom has the focus
    const url = dialog.getByLabel('Website URL');
    await url.waitFor();
    expect(await url.evaluate((el) => el === document.activeElement)).to.equal(true);
    await page.keyboard.type('https://keyboard.example.com');
    await page.keyboard.press('Enter');
    const snippetDialog = page.getByRole('dialog', { name: 'Install the snippet' });
    await snippetDialog.getByText('<!-- Influtrace -->').waitFor();

    for (let presses = 0; presses < 8; presses++) {
      await page.keyboard.press('Tab');
      expect(await snippetDialog.evaluate((el) => el.contains(document.activeElement)), `focus stays in the dialog after ${presses + 1} Tab`).to.equal(true);
    }
    await page.keyboard.press('Escape');
    await snippetDialog.waitFor({ state: 'detached' });
    expect(await addButton.evaluate((el) => el === document.activeElement), 'focus returns to Add integration').to.equal(true);
    await page.getByRole('article', { name: 'Custom store https://keyboard.example.com' }).getByText('Pending', { exact: true }).waitFor();
  });

  it('fits a 390 px wide screen without horizontal scrolling, with the navigation behind Menu', async () => {
    const page = await dashboardAs(store.token, { viewport: { width: 390, height: 844 }, countFetches: true });
    const nav = page.getByRole('navigation', { name: 'Sidebar' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).to.equal(false);
    for (const name of PAGES) {
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).to.equal('true');
      await nav.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
      // Measured with the page's data shown: its lists and tables are what could overflow.
      await fetchesSettled(page);
      expect(await nav.isVisible(), `the menu folds after choosing ${name}`).to.equal(false);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on ${name}`).to.be.at.most(0);
      if (name === 'Integrations' || name === 'Overview') await screenshot(page, `narrow-${name.toLowerCase()}`);
    }
    await menu.click();
    await screenshot(page, 'narrow-menu-open');
  });

  it('gives every form control of every page a label', async () => {
    const page = await dashboardAs(store.token, { countFetches: true });
    for (const name of PAGES) {
      await openPage(page, name);
      // Controls that come with the data (filters, per-row fields) are there too.
      await fetchesSettled(page);
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll('input, select, textarea'))
          .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'))
          .map((el) => el.outerHTML),
      );
      expect(unlabelled, name).to.deep.equal([]);
    }
  });
});
