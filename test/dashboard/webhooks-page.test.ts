import { expect } from 'chai';
import type { Browser, Response } from 'playwright-core';
import { randomString } from '../../core/domain/ids';
import { launchChromium } from '../support/browser';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { startReceiver, type Receiver } from '../webhooks/receiver';
import { closeTabs, type DashboardTab, openPage, screenshot, signedInTabs } from './dashboard-browser';

/** The Webhooks page against the real API and a real delivery (Temporal worker → a receiver on 127.0.0.1). */
describe('dashboard: webhooks', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let receiver: Receiver;
  let ws: { workspaceId: string; token: string };
  let memberToken: string;
  const tabs: DashboardTab[] = [];
  const dashboardAs = signedInTabs(tabs, () => ({ browser, adminUrl: p.adminUrl }));

  before(async function () {
    p = await startPipeline();
    browser = await launchChromium();
    receiver = await startReceiver();
    ws = await newWorkspace(p.db);
    memberToken = (
      await requestJson(`${p.adminUrl}/api/v1/members`, { token: ws.token, body: { email: `member-${randomString(8)}@webhooks.test`, role: 'member' } })
    ).body.token;
  });
  after(async () => {
    await receiver?.close();
    await browser?.close();
    await p?.stop();
  });
  afterEach(() => closeTabs(tabs));

  it('adds an endpoint, shows its secret once with Copy, sends a test that is delivered, and disables it', async () => {
    const page = await dashboardAs(ws.token, { clipboard: true });
    await openPage(page, 'Webhooks');
    const form = page.getByRole('form', { name: 'Add a webhook endpoint' });
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    const events = form.getByRole('group', { name: 'Events' });
    await events.getByLabel('webhook.test').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const added = form.getByRole('status').filter({ hasText: 'Endpoint added' });
    await added.waitFor();
    const secret = (await added.locator('code').textContent()) ?? '';
    expect(secret).to.match(/^whsec_[A-Za-z0-9+/=]+$/);
    await added.getByRole('button', { name: 'Copy secret' }).click();
    await added.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(secret);
    const listed = await requestJson(`${p.adminUrl}/api/v1/webhooks`, { token: ws.token });
    expect(listed.body.data).to.have.length(1);
    expect(listed.body.data[0]).to.include({ url: receiver.url, status: 'enabled' });
    expect(listed.body.data[0].events).to.have.members(['order.credited', 'order.refunded', 'webhook.test']);
    expect(JSON.stringify(listed.body), 'the secret only in the creation answer').to.not.include(secret);

    const card = page.getByRole('article', { name: receiver.url });
    await card.getByText('order.credited, order.refunded, webhook.test').waitFor();
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByRole('status').filter({ hasText: 'Test event sent' }).waitFor();
    await waitFor(async () => receiver.events().some((e) => e.type === 'webhook.test'), 'the test event at the receiver');
    expect(receiver.received[0]?.headers['webhook-signature']).to.match(/^v1,/);
    const delivery = card.locator('tr[data-delivery-id]').first();
    const isDeliveriesList = (response: Response) => response.request().method() === 'GET' && /\/api\/v1\/webhooks\/[^/]+\/deliveries/.test(response.url());
    await waitFor(
      async () => {
        // Not loading (the button is enabled): the next list answer is this click's.
        await card.getByRole('button', { name: 'Refresh deliveries', disabled: false }).waitFor();
        const answered = page.waitForResponse(isDeliveriesList);
        await card.getByRole('button', { name: 'Refresh deliveries' }).click();
        const newest = ((await (await answered).json()) as { data: { id: string; status: string }[] }).data[0];
        if (!newest) return false;
        // The page shows this answer (its newest delivery, with the status the API gave), not the list before it.
        await card.locator(`tr[data-delivery-id="${newest.id}"]`, { hasText: newest.status }).waitFor();
        return newest.status === 'succeeded';
      },
      'the delivery shown as succeeded',
      60_000,
    );
    expect(await delivery.textContent())
      .to.include('webhook.test')
      .and.include('succeeded')
      .and.include('204')
      .and.match(/\d+ ms/);
    await screenshot(page, 'webhooks');

    await card.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('Disabled', { exact: true }).waitFor();
    expect(await card.getByRole('button', { name: 'Send test' }).isDisabled()).to.equal(true);
    expect((await requestJson(`${p.adminUrl}/api/v1/webhooks`, { token: ws.token })).body.data[0]).to.include({ status: 'disabled' });
    await card.getByRole('button', { name: 'Enable' }).click();
    await card.getByText('Enabled', { exact: true }).waitFor();
    expect((await requestJson(`${p.adminUrl}/api/v1/webhooks`, { token: ws.token })).body.data[0]).to.include({ status: 'enabled' });
  });

  it('shows the API refusing a URL it will not deliver to, naming the field', async () => {
    const page = await dashboardAs(ws.token);
    await openPage(page, 'Webhooks');
    const form = page.getByRole('form', { name: 'Add a webhook endpoint' });
    await form.getByLabel('Endpoint URL').fill('ftp://files.example.com/hook');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.include('url');
    // The browser reports the API's 400 in the console; nothing else may appear there.
    const tab = tabs[tabs.length - 1] as DashboardTab;
    expect(tab.problems.filter((m) => !m.includes('status of 400'))).to.deep.equal([]);
    tab.problems.length = 0;
  });

  it('tells a Member that only an Admin manages webhooks, without calling the API for them', async () => {
    const page = await dashboardAs(memberToken);
    await openPage(page, 'Webhooks');
    await page.getByText('Only an Admin can manage webhooks.').waitFor();
    expect(await page.getByRole('form', { name: 'Add a webhook endpoint' }).count()).to.equal(0);
    await screenshot(page, 'webhooks-member');
  });
});
