import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { CHROME_USER_AGENT } from './user-agents';

/** Debian's chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
}

/**
 * A context that browses as a person: headless Chromium's own User-Agent says "HeadlessChrome",
 * which the tracking redirect filters as a bot (no click, no itc), so a shopper gets a real Chrome's.
 */
export function newShopperContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ userAgent: CHROME_USER_AGENT, ...options });
}
