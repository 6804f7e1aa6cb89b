import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { ssoMember, startSsoWorkspace, type SsoWorkspace } from '../people/sso-fixture';
import { launchChromium } from '../support/browser';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { closeTabs, openDashboard, type DashboardTab } from './dashboard-browser';

/** "Sign in with SSO" in Chromium, through a real OpenID provider's login and consent pages and back. */
describe('dashboard: sign in with SSO', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let browser: Browser;
  let sso: SsoWorkspace;
  const tabs: DashboardTab[] = [];

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    sso = await startSsoWorkspace(p);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
    await sso?.provider.close();
  });
  afterEach(() => closeTabs(tabs));

  async function signInWithSso(login: string, workspaceInUrl: boolean) {
    const tab = await openDashboard(browser, p.adminUrl);
    tabs.push(tab);
    const { page } = tab;
    // The provider's development pages import a web font; this machine has no Internet.
    await tab.context.route('https://fonts.googleapis.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
    if (workspaceInUrl) {
      await page.goto(`${p.adminUrl}/?workspace=${sso.workspaceId}`);
      expect(await page.getByLabel('Workspace id').inputValue()).to.equal(sso.workspaceId);
    } else {
      await page.getByText("Your company's identity provider").click();
      await page.getByLabel('Workspace id').fill(sso.workspaceId);
    }
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.waitForURL((url) => url.origin === sso.provider.issuer);
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    return page;
  }

  it('a member picks SSO, signs in at the provider and lands on the dashboard signed in', async () => {
    const { email, login } = await ssoMember(p, sso);
    const page = await signInWithSso(login, false);
    await page.getByRole('navigation', { name: 'Sidebar' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('banner').textContent()).to.include(email);
    expect(new URL(page.url()).search).to.equal('');
    // The session survives a reload (the cookie, not the page's memory).
    await page.reload();
    await page.getByRole('navigation', { name: 'Sidebar' }).waitFor({ timeout: 30_000 });
  });

  it('a link with ?workspace= fills the workspace id in', async () => {
    const { login } = await ssoMember(p, sso);
    const page = await signInWithSso(login, true);
    await page.getByRole('navigation', { name: 'Sidebar' }).waitFor({ timeout: 30_000 });
  });
});
