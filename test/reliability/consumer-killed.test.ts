import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { expectEveryAcceptedOrderCreditedOnce, runFaultScenario } from '../support/fault-scenario';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { testConfig } from '../support/test-config';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

describe('the queue consumer process killed (SIGKILL) with order jobs in flight', function () {
  let config: Config;
  let backing: Backing;
  let services: ServiceProcesses;

  before(async function () {
    this.timeout(180_000);
    config = testConfig();
    backing = openBacking(config);
    services = await startServiceProcesses(config);
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await backing?.close();
  });

  it('lets a new consumer take over the stalled jobs once their locks expire, and every order answered 202 is credited once', async function () {
    // BullMQ gives a dead consumer's jobs back after their lock (30 s) expired and a stalled check (every 30 s) saw it.
    this.timeout(300_000);
    const store = await seedConnectedStore(backing.db, 'https://consumer-kill.example.com');
    const coupon = `CK${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    let orphanedAtKill = 0;

    const report = await runFaultScenario({
      fault: 'consumer SIGKILL',
      db: backing.db,
      store,
      coupon,
      ingestUrl: services.ingestUrl,
      orders: 300,
      ratePerSecond: 60,
      concurrency: 20,
      injectAfterSent: 100,
      readyToInject: async () => (await backing.queues.orders.getActiveCount()) >= 2,
      async inject() {
        await services.kill('consumer');
        // Still in the active list, locked by a process that is gone: these are the jobs in flight.
        orphanedAtKill = await backing.queues.orders.getActiveCount();
      },
      downForMs: 2_000,
      repair: () => services.start('consumer'),
      queue: backing.queues.orders,
      settleTimeoutMs: 180_000,
    });

    expect(orphanedAtKill, 'jobs active on the consumer when it died').to.be.greaterThan(0);
    expect(await backing.queues.orders.getFailedCount(), 'jobs failed for good (e.g. "stalled more than allowable limit")').to.equal(0);
    expect(report.accepted).to.equal(report.offered);
    expectEveryAcceptedOrderCreditedOnce(report);
  });
});
