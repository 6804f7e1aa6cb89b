import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { expectEveryAcceptedOrderCreditedOnce, runFaultScenario } from '../support/fault-scenario';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startOwnTemporal, testTemporalEngine, type OwnTemporal } from '../support/temporal-server';
import { testConfig } from '../support/test-config';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

/**
 * The server engine keeps its workflows in PostgreSQL too: a PostgreSQL restart takes away
 * Temporal's persistence and the app's database at once. Played here by one proxy in front of
 * the shared PostgreSQL that temporal-server, the worker and the consumer all go through, cut
 * (every connection reset, new ones refused) and restored; a real restart of the shared server
 * would disturb every other run on the machine.
 */
describe('PostgreSQL gone under both temporal-server and the app for a while (server engine)', function () {
  const OUTAGE_MS = 15_000;
  let config: Config;
  let backing: Backing;
  let proxy: TcpProxy;
  let temporal: OwnTemporal;
  let services: ServiceProcesses;

  before(async function () {
    if (testTemporalEngine !== 'server') return this.skip();
    this.timeout(300_000);
    const base = testConfig();
    const database = new URL(base.databaseUrl);
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    temporal = await startOwnTemporal({ database: { host: '127.0.0.1', port: proxy.port } });
    config = { ...base, temporal: { ...base.temporal, address: temporal.address } };
    backing = openBacking(config);
    database.hostname = '127.0.0.1';
    database.port = String(proxy.port);
    const viaProxy = { DATABASE_URL: database.toString() };
    // Ingest keeps its direct connection: every order must reach the queue while PostgreSQL is away.
    services = await startServiceProcesses(config, { consumer: viaProxy, worker: viaProxy });
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await temporal?.destroy();
    await proxy?.close();
    await backing?.close();
  });

  it('keeps temporal-server, the worker and the consumer running, and credits every order answered 202 once', async function () {
    this.timeout(360_000);
    const store = await seedConnectedStore(backing.db, 'https://postgres-under-temporal.example.com');
    const coupon = `PT${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    const orderRows = async () => Number((await backing.db('orders').where({ integration_id: store.integrationId }).count('* as n').first())?.n);
    let rowsWhenCut = 0;
    let rowsBeforeRestore = 0;

    const report = await runFaultScenario({
      fault: 'PostgreSQL cut under temporal-server and the app',
      db: backing.db,
      store,
      coupon,
      ingestUrl: services.ingestUrl,
      orders: 300,
      ratePerSecond: 20,
      concurrency: 10,
      injectAfterSent: 80,
      readyToInject: async () => (await orderRows()) > 0,
      async inject() {
        await proxy.cut();
        rowsWhenCut = await orderRows();
      },
      downForMs: OUTAGE_MS,
      async repair() {
        rowsBeforeRestore = await orderRows();
        await proxy.restore();
      },
      queue: backing.queues.orders,
      settleTimeoutMs: 300_000,
    });

    expect(temporal.serverPids(), 'temporal-server still running').to.have.length(1);
    expect(services.running.consumer.isRunning(), services.running.consumer.recentOutput()).to.equal(true);
    expect(services.running.worker.isRunning(), services.running.worker.recentOutput()).to.equal(true);
    expect(rowsBeforeRestore - rowsWhenCut, 'orders credited while PostgreSQL was unreachable').to.be.at.most(5);
    expect(report.accepted).to.equal(report.offered);
    expectEveryAcceptedOrderCreditedOnce(report);
  });
});
