import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { EVENTS_PATH, PIXEL_PATH } from '../../core/public-paths';
import { createDemoStoreApp } from '../../demo-store/app';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { launchChromium } from '../support/browser';
import { confirmationUrl } from '../support/pixel-store';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

const ORDERS = 24;
const BETWEEN_ORDERS_MS = 300;
const KILL_AFTER_ORDERS = 5;
const DOWN_FOR_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an ingest process killed (SIGKILL) and restarted while a shopper places orders in a real browser', function () {
  let config: Config;
  let backing: Backing;
  let services: ServiceProcesses;
  let browser: Browser;
  let storeServer: http.Server;

  before(async function () {
    this.timeout(180_000);
    config = testConfig();
    backing = openBacking(config);
    services = await startServiceProcesses(config);
    browser = await launchChromium();
    storeServer = http.createServer();
    await new Promise<void>((resolve) => storeServer.listen(0, '127.0.0.1', resolve));
  });
  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    storeServer?.closeAllConnections();
    storeServer?.close();
    await services?.stop();
    await backing?.close();
  });

  it('credits every order the shopper placed exactly once, those placed while ingest was dead included', async function () {
    this.timeout(300_000);
    const origin = `http://localhost:${(storeServer.address() as AddressInfo).port}`;
    const store = await seedConnectedStore(backing.db, origin);
    const coupon = `IKB${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    storeServer.on('request', createDemoStoreApp({ pixelUrl: `${services.ingestUrl}${PIXEL_PATH}`, integrationId: store.integrationId }));

    const context = await browser.newContext();
    const page = await context.newPage();
    let failedSends = 0;
    page.on('requestfailed', (request) => {
      if (request.url().endsWith(EVENTS_PATH)) failedSends++;
    });
    // t.js comes from the browser's cache (max-age=3600) while ingest is gone, as for a returning shopper.
    await page.goto(`${origin}/`);

    const placed: string[] = [];
    const run = randomString(6);
    const shopping = (async () => {
      for (let i = 0; i < ORDERS; i++) {
        const orderId = `IKB-${run}-${i}`;
        await page.goto(confirmationUrl(origin, { orderId, value: String(10 + i), currency: 'USD', coupon }));
        placed.push(orderId);
        await sleep(BETWEEN_ORDERS_MS);
      }
    })();
    await waitFor(async () => placed.length >= KILL_AFTER_ORDERS, 'the first orders');
    await services.kill('ingest');
    const killedAt = Date.now();
    const placedAtKill = placed.length;
    await sleep(DOWN_FOR_MS);
    await services.start('ingest');
    const downSeconds = (Date.now() - killedAt) / 1000;
    const placedAtRestart = placed.length;
    await shopping;

    // The shopper stays on one more page of the store, whose outbox sends what is left.
    await page.goto(`${origin}/`);
    const rows = await waitFor(
      async () => {
        const found = await backing
          .db('orders')
          .where({ integration_id: store.integrationId })
          .whereIn('order_id', placed)
          .select('order_id', 'status', 'creator_id');
        return found.length === placed.length ? found : undefined;
      },
      'every placed order to be processed',
      180_000,
    );
    const reports = await backing.db('order_reports').where({ integration_id: store.integrationId }).count({ n: '*' }).first();
    console.log(
      JSON.stringify({
        fault: 'ingest SIGKILL under a browser',
        placed: placed.length,
        placedWhileDown: placedAtRestart - placedAtKill,
        downSeconds,
        failedSends,
        credited: rows.filter((r: { status: string }) => r.status === 'credited').length,
        reports: Number(reports?.n ?? 0),
      }),
    );

    expect(placedAtRestart - placedAtKill, 'orders placed while ingest was dead').to.be.greaterThan(0);
    expect(failedSends, 'sends that met the dead ingest').to.be.greaterThan(0);
    expect(rows.map((r: { order_id: string }) => r.order_id).sort()).to.deep.equal([...placed].sort());
    expect(rows.filter((r: { status: string; creator_id: string }) => r.status !== 'credited' || r.creator_id !== store.creatorId)).to.deep.equal([]);
    await context.close();
  });
});
