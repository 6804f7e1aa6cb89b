import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { expectEveryAcceptedOrderCreditedOnce, runFaultScenario } from '../support/fault-scenario';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { testConfig } from '../support/test-config';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

describe('the Temporal worker process killed (SIGKILL) in the middle of order workflows', function () {
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

  it('resumes every workflow on a new worker process, and every order answered 202 is credited once', async function () {
    this.timeout(300_000);
    const store = await seedConnectedStore(backing.db, 'https://worker-kill.example.com');
    const coupon = `WK${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    const unprocessedReports = async () =>
      Number((await backing.db('order_reports').where({ integration_id: store.integrationId }).whereNull('outcome').count('* as n').first())?.n);
    let inFlightAtKill = 0;
    let killedWith: number | string = '';

    const report = await runFaultScenario({
      fault: 'worker SIGKILL',
      db: backing.db,
      store,
      coupon,
      ingestUrl: services.ingestUrl,
      orders: 300,
      ratePerSecond: 30,
      concurrency: 10,
      injectAfterSent: 100,
      // Only once the worker is demonstrably crediting, so that the kill lands mid-flow.
      readyToInject: async () => Number((await backing.db('orders').where({ integration_id: store.integrationId }).count('* as n').first())?.n) > 0,
      async inject() {
        await services.kill('worker');
        killedWith = await services.running.worker.exited;
        inFlightAtKill = await unprocessedReports();
      },
      downForMs: 3_000,
      repair: () => services.start('worker'),
      queue: backing.queues.orders,
      settleTimeoutMs: 180_000,
    });

    expect(killedWith).to.equal('SIGKILL');
    expect(inFlightAtKill, 'reports recorded but not yet processed when the worker died').to.be.greaterThan(0);
    expect(report.accepted).to.equal(report.offered);
    expectEveryAcceptedOrderCreditedOnce(report);
  });
});
