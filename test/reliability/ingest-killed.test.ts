import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { expectEveryAcceptedOrderCreditedOnce, runFaultScenario } from '../support/fault-scenario';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { testConfig } from '../support/test-config';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

/** What a client sees when the process it talks to dies or is not there: never an HTTP answer. */
const CONNECTION_ERRORS = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'];

describe('an ingest process killed (SIGKILL) under load', function () {
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

  it('fails the beacons it could not queue at the connection, and every beacon it answered 202 is credited once', async function () {
    this.timeout(300_000);
    const store = await seedConnectedStore(backing.db, 'https://ingest-kill.example.com');
    const coupon = `IK${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    let killedWith: number | string = '';

    const report = await runFaultScenario({
      fault: 'ingest SIGKILL',
      db: backing.db,
      store,
      coupon,
      ingestUrl: services.ingestUrl,
      orders: 500,
      // Slow enough that the load goes on for a few seconds after the restarted ingest serves.
      ratePerSecond: 40,
      concurrency: 20,
      injectAfterSent: 120,
      async inject() {
        await services.kill('ingest');
        killedWith = await services.running.ingest.exited;
      },
      downForMs: 2_000,
      repair: () => services.start('ingest'),
      minOfferedAfterRepair: 80,
      queue: backing.queues.orders,
      settleTimeoutMs: 180_000,
    });

    expect(killedWith).to.equal('SIGKILL');
    const failed = report.results.filter((r) => r.status !== 202);
    expect(failed.length, 'beacons that met the dead ingest').to.be.greaterThan(0);
    expect(
      failed.filter((r) => !CONNECTION_ERRORS.includes(r.errorCode ?? '')),
      'failures other than a refused or cut connection',
    ).to.deep.equal([]);
    const afterRestart = report.results.slice(report.offeredAtRepair);
    expect(afterRestart.filter((r) => r.status === 202).length, 'beacons answered 202 by the restarted ingest').to.be.greaterThan(0);
    expectEveryAcceptedOrderCreditedOnce(report);
  });
});
