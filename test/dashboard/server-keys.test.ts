import { expect } from 'chai';
import type { Browser, Locator, Page } from 'playwright-core';
import { randomString } from '../../core/domain/ids';
import { launchChromium } from '../support/browser';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { closeTabs, type DashboardTab, openPage, screenshot, signedInTabs, tabTo } from './dashboard-browser';

/**
 * The integration card's server keys and server calls, in Chromium: an Admin creates a key (its
 * secret once, copied), the store's server uses it, the Admin revokes it; a Member only reads.
 * The steps share one workspace, in order.
 */
describe('dashboard: server keys and the server call on the integration card', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let ws: { workspaceId: string; token: string };
  let memberToken: string;
  let integrationId: string;
  let secret: string;
  const origin = 'https://keys.example.com';
  const cardName = `Custom store ${origin}`;
  const tabs: DashboardTab[] = [];
  const dashboardAs = signedInTabs(tabs, () => ({ browser, adminUrl: p.adminUrl }));

  /** The card on Integrations, with its server keys shown (the list loaded). */
  async function serverKeysOf(page: Page): Promise<Locator> {
    await openPage(page, 'Integrations');
    const card = page.getByRole('article', { name: cardName });
    await card.getByRole('button', { name: 'Server keys' }).click();
    const section = card.getByRole('region', { name: 'Server keys' });
    await section
      .getByText(/No server keys yet|Server keys/)
      .first()
      .waitFor();
    return section;
  }

  const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);
  const reportOrder = (key: string) =>
    requestJson(`${p.ingestUrl}/api/v1/integrations/custom/orders`, { token: key, body: { orderId: `K-${randomString(6)}`, value: 10, currency: 'EUR' } });

  before(async function () {
    p = await startPipeline({ worker: false });
    browser = await launchChromium();
    ws = await newWorkspace(p.db);
    integrationId = (await requestJson(`${p.adminUrl}/api/v1/integrations`, { token: ws.token, body: { type: 'custom', websiteUrl: origin } })).body.id;
    memberToken = (
      await requestJson(`${p.adminUrl}/api/v1/members`, { token: ws.token, body: { email: `member-${randomString(8)}@keys.test`, role: 'member' } })
    ).body.token;
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });
  afterEach(() => closeTabs(tabs));

  it('shows an Admin the server calls with this ingest URL, to copy', async () => {
    const page = await dashboardAs(ws.token, { clipboard: true });
    const section = await serverKeysOf(page);
    await section.getByText('No server keys yet.').waitFor();
    const code = await section.locator('pre').textContent();
    expect(code)
      .to.include(`curl -X POST '${p.ingestUrl}/api/v1/integrations/custom/orders'`)
      .and.include(`curl -X POST '${p.ingestUrl}/api/v1/integrations/custom/refunds'`)
      .and.include("-H 'Authorization: Bearer isk_…'")
      .and.include('"orderId":"1001","value":59.9,"currency":"EUR","coupon":"AVA10","attribution":{"itc":')
      .and.include('"refundId":"1001-r1"');
    await section.getByRole('button', { name: 'Copy server calls' }).click();
    await section.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(code);
  });

  it('creates a key from the keyboard: its secret shown once with Copy focused, then listed by its last four', async () => {
    const page = await dashboardAs(ws.token, { clipboard: true });
    await openPage(page, 'Integrations');
    const card = page.getByRole('article', { name: cardName });
    const toggle = card.getByRole('button', { name: 'Server keys' });
    await card.getByRole('button', { name: 'Set up' }).focus();
    await page.keyboard.press('Tab');
    expect(await isFocused(toggle), 'Tab from Set up reaches Server keys').to.equal(true);
    expect(await toggle.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').to.equal('solid');
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');

    const section = card.getByRole('region', { name: 'Server keys' });
    const name = section.getByLabel('Key name');
    await section.getByText('No server keys yet.').waitFor();
    expect(await tabTo(page, name, { maxPresses: 10 }), 'Tab reaches Key name').to.equal(true);
    await page.keyboard.type('Checkout server');
    await page.keyboard.press('Enter');

    const created = section.getByRole('status').filter({ hasText: 'will not be shown again' });
    await created.waitFor();
    secret = ((await created.locator('code').textContent()) ?? '').trim();
    expect(secret).to.match(/^isk_/);
    const copy = section.getByRole('button', { name: 'Copy key' });
    expect(await isFocused(copy), 'Copy key has the focus').to.equal(true);
    expect(await copy.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').to.equal('solid');
    await page.keyboard.press('Enter');
    await created.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(secret);

    const row = section.getByRole('row', { name: /^Checkout server/ });
    await row.waitFor();
    expect(await row.textContent())
      .to.include(`isk_…${secret.slice(-4)}`)
      .and.include('Never')
      .and.include('Active');
    expect(await name.inputValue(), 'the form is ready for another key').to.equal('');
    await screenshot(page, 'integration-server-keys');

    // The secret is this answer's only: after a reload it is nowhere on the page.
    await page.reload();
    const again = await serverKeysOf(page);
    await again.getByRole('row', { name: /^Checkout server/ }).waitFor();
    expect(await page.content()).to.not.include(secret);
  });

  it("shows when the store's server last used the key", async () => {
    expect((await reportOrder(secret)).status).to.equal(202);
    const page = await dashboardAs(ws.token);
    const section = await serverKeysOf(page);
    const row = section.getByRole('row', { name: /^Checkout server/ });
    await row.waitFor();
    expect(await row.textContent()).to.not.include('Never');
  });

  it('shows a Member the keys, without Create or Revoke, and the server calls', async () => {
    const page = await dashboardAs(memberToken);
    const section = await serverKeysOf(page);
    const row = section.getByRole('row', { name: /^Checkout server/ });
    await row.waitFor();
    expect(await row.textContent()).to.include(`isk_…${secret.slice(-4)}`);
    expect(await section.getByRole('form', { name: 'Create a server key' }).count()).to.equal(0);
    expect(await section.getByRole('button', { name: /^Revoke/ }).count()).to.equal(0);
    expect(await section.locator('pre').textContent()).to.include('/api/v1/integrations/custom/orders');
    await screenshot(page, 'integration-server-keys-member');
    const refused = await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/keys`, { token: memberToken, body: { name: 'sneaky' } });
    expect(refused.status).to.equal(403);
  });

  it('revokes a key after a confirmation that Escape cancels, and ingest refuses it', async () => {
    const page = await dashboardAs(ws.token);
    const section = await serverKeysOf(page);
    const revoke = section.getByRole('button', { name: 'Revoke Checkout server' });
    await section.getByRole('row', { name: /^Checkout server/ }).waitFor();
    await section.getByLabel('Key name').focus();
    expect(await tabTo(page, revoke, { backwards: true, maxPresses: 5 }), 'Shift+Tab from Key name reaches Revoke').to.equal(true);
    expect(await revoke.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').to.equal('solid');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Revoke this server key?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).to.include(`isk_…${secret.slice(-4)}`);
    expect(await isFocused(dialog.getByRole('button', { name: 'Cancel' })), 'the safe choice has the focus').to.equal(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(revoke), 'focus returns to Revoke').to.equal(true);
    expect((await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/keys`, { token: ws.token })).body.data[0].revokedAt).to.equal(null);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await screenshot(page, 'integration-revoke-key');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = section.getByRole('row', { name: /^Checkout server/ });
    await row.getByText(/^Revoked /).waitFor();
    expect(await section.getByRole('button', { name: /^Revoke/ }).count()).to.equal(0);
    // Its Revoke button is gone: focus lands on the keys' list, not on the page's body.
    await page.waitForFunction(() => document.activeElement?.querySelector('caption')?.textContent === 'Server keys', undefined, { timeout: 5_000 });
    await waitFor(async () => (await reportOrder(secret)).status === 401, 'ingest to refuse the revoked key', 15_000);
  });
});
