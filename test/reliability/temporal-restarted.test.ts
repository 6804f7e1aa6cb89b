import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { expectEveryAcceptedOrderCreditedOnce, runFaultScenario } from '../support/fault-scenario';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { startOwnTemporal, testTemporalEngine, type OwnTemporal } from '../support/temporal-server';
import { testConfig } from '../support/test-config';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

/** The engine this run tests on (scripts/test.sh): the dev server on SQLite, or temporal-server on PostgreSQL. */
const engine = testTemporalEngine === 'server' ? 'temporal-server' : 'Temporal dev server';

describe(`the ${engine} killed (SIGKILL) and restarted during a run`, function () {
  let config: Config;
  let temporal: OwnTemporal;
  let backing: Backing;
  let services: ServiceProcesses;

  before(async function () {
    this.timeout(240_000);
    // A server of this test's own: the shared one serves every other test of the run.
    temporal = await startOwnTemporal();
    const base = testConfig();
    config = { ...base, temporal: { ...base.temporal, address: temporal.address } };
    backing = openBacking(config);
    services = await startServiceProcesses(config);
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await temporal?.destroy();
    await backing?.close();
  });

  it('keeps its workflows across the restart (same SQLite file, or same PostgreSQL databases), and every order answered 202 is credited once', async function () {
    this.timeout(300_000);
    const store = await seedConnectedStore(backing.db, 'https://temporal-restart.example.com');
    const coupon = `TR${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    const unprocessedReports = async () =>
      Number((await backing.db('order_reports').where({ integration_id: store.integrationId }).whereNull('outcome').count('* as n').first())?.n);
    let inFlightAtKill = 0;

    const report = await runFaultScenario({
      fault: `${engine} SIGKILL + restart`,
      db: backing.db,
      store,
      coupon,
      ingestUrl: services.ingestUrl,
      orders: 360,
      ratePerSecond: 30,
      concurrency: 10,
      injectAfterSent: 100,
      async inject() {
        await temporal.kill();
        inFlightAtKill = await unprocessedReports();
      },
      downForMs: 5_000,
      repair: () => temporal.start(),
      queue: backing.queues.orders,
      settleTimeoutMs: 240_000,
    });

    expect(inFlightAtKill, 'reports recorded but not yet processed when Temporal died').to.be.greaterThan(0);
    expect(services.running.worker.isRunning(), services.running.worker.recentOutput()).to.equal(true);
    expect(services.running.consumer.isRunning(), services.running.consumer.recentOutput()).to.equal(true);
    expect(report.accepted).to.equal(report.offered);
    expectEveryAcceptedOrderCreditedOnce(report);
  });
});
