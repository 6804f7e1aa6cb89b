import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/screenshots');

export type DashboardTab = {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and JavaScript dialogs (alert, confirm) seen so far. */
  problems: string[];
};

/**
 * Counts the page's fetch calls (the dashboard's calls to its API): `started`, and `settled` once the
 * answer's whole body has arrived (or the call failed) and one more task has run, by which time the
 * app has read it and set its state. A plain string: tsx would compile a function with helpers the page lacks.
 */
const COUNT_FETCHES = `(function () {
  var calls = (window.__fetches = { started: 0, settled: 0 });
  var fetch = window.fetch;
  window.fetch = function () {
    calls.started++;
    var settle = function () { setTimeout(function () { calls.settled++; }, 0); };
    var answer = fetch.apply(this, arguments);
    answer.then(function (response) { return response.clone().arrayBuffer(); }).then(settle, settle);
    return answer;
  };
})();`;

/**
 * A fresh browser context on the dashboard that records everything that should never happen:
 * console errors, page errors, and JavaScript dialogs (an injected alert(1) would land here).
 * `countFetches`: counts the page's API calls from the start, for fetchesSettled.
 */
export async function openDashboard(
  browser: Browser,
  adminUrl: string,
  options: { viewport?: { width: number; height: number }; clipboard?: boolean; countFetches?: boolean } = {},
): Promise<DashboardTab> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
  });
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: adminUrl });
  if (options.countFetches) await context.addInitScript({ content: COUNT_FETCHES });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`javascript dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${adminUrl}/`);
  return { context, page, problems };
}

export type DashboardOptions = Parameters<typeof openDashboard>[2];

/**
 * `dashboardAs(token, options)`: a new tab on the dashboard, signed in with an API token (its page),
 * kept in `tabs` for closeTabs. The browser and the admin URL are read when it is called (a test
 * file sets them in its before hook).
 */
export function signedInTabs(tabs: DashboardTab[], where: () => { browser: Browser; adminUrl: string }) {
  return async function dashboardAs(token: string, options: DashboardOptions = {}): Promise<Page> {
    const { browser, adminUrl } = where();
    const tab = await openDashboard(browser, adminUrl, options);
    tabs.push(tab);
    await signIn(tab.page, token);
    return tab.page;
  };
}

/** Signs in the way an operator does: open the API token form, paste the token, press Sign in, land on the Overview. */
export async function signIn(page: Page, token: string): Promise<void> {
  await fillTokenForm(page, token);
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 30_000 });
}

/** The sign-in page's API token form (folded under "Operators and scripts"), filled and sent. */
export async function fillTokenForm(page: Page, token: string): Promise<void> {
  await page.getByText('Operators and scripts: sign in with an API token').click();
  await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in with the token' }).click();
}

/** Signs in the way a person does: e-mail and password (and a code when asked), until the sidebar shows. */
export async function signInWithPassword(page: Page, email: string, password: string, code?: () => string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (code) {
    await page.getByLabel('Two-factor code').fill(code());
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  await page.getByRole('navigation', { name: 'Sidebar' }).waitFor({ timeout: 30_000 });
}

export const DASHBOARD_PAGES = [
  'Overview',
  'Integrations',
  'Creators',
  'Links',
  'Coupons',
  'Orders',
  'Reports',
  'Commissions',
  'Payouts',
  'Flags',
  'Webhooks',
  'Settings',
] as const;
export type DashboardPage = (typeof DASHBOARD_PAGES)[number];

/** Through the sidebar, as a user would; waits for the page's heading. */
export async function openPage(page: Page, name: DashboardPage): Promise<void> {
  await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/**
 * Until the page shows what its API calls brought (a tab opened with `countFetches`): first one more
 * task, so that the effects committed with what is on screen have started their calls; then until every
 * call made so far has settled (polled at each animation frame, so React has rendered their state).
 * Unlike waitForLoadState('networkidle'), which a loaded page has long passed, this waits for these calls.
 */
export async function fetchesSettled(page: Page): Promise<void> {
  await page.evaluate(`new Promise(function (resolve) { setTimeout(resolve, 0); })`);
  // A function, not a string: the dashboard's Content-Security-Policy forbids evaluating strings.
  await page.waitForFunction(() => {
    const fetches = (window as unknown as { __fetches: { started: number; settled: number } }).__fetches;
    return fetches.settled === fetches.started;
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export function expectNoProblems(tab: DashboardTab): void {
  expect(tab.problems, tab.problems.join('\n')).to.deep.equal([]);
}

/** After each test: every tab it opened must have seen no problem; then they are closed. */
export async function closeTabs(tabs: DashboardTab[]): Promise<void> {
  for (const tab of tabs.splice(0)) {
    expectNoProblems(tab);
    await tab.context.close();
  }
}

/** Pixels of the first chart series' colour (#3b5bdb) on a canvas: more than a few means its bars were drawn. */
export function firstSeriesPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === 59 && data[i + 1] === 91 && data[i + 2] === 219) count++;
    return count;
  });
}

/** Waits until exactly `count` elements match `selector`: a filtered list has replaced the one shown before it. */
export async function waitForCount(page: Page, selector: string, count: number, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [selector, count] as const, { timeout: timeoutMs });
}

/** Presses Tab (Shift+Tab with `backwards`) until `target` has the focus, as a keyboard user would; false if it never does. */
export async function tabTo(page: Page, target: Locator, options: { maxPresses?: number; backwards?: boolean } = {}): Promise<boolean> {
  for (let presses = 0; presses < (options.maxPresses ?? 30); presses++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return true;
  }
  return false;
}
