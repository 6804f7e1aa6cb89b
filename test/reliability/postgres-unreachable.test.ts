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

/** The same database, reached through the proxy the test can cut. */
function throughProxy(databaseUrl: string, proxy: TcpProxy): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

type Outage = {
  title: string;
  /** Also temporal-server (server engine only): a Temporal of the test's own whose PostgreSQL goes through the proxy too. */
  underTemporal: boolean;
  fault: string;
  orders: number;
  ratePerSecond: number;
};

/**
 * PostgreSQL cut (every connection reset, new ones refused) for 15 s by a TCP proxy of the test's
 * own, for the consumer and the worker; with the server engine also for temporal-server, whose
 * workflows live in PostgreSQL too: a PostgreSQL restart under Temporal and the app at once,
 * without restarting the machine's shared server (that would disturb every other run).
 */
function describeOutage(outage: Outage): void {
  describe(outage.title, function () {
    const OUTAGE_MS = 15_000;
    let config: Config;
    let backing: Backing;
    let proxy: TcpProxy;
    let temporal: OwnTemporal | undefined;
    let services: ServiceProcesses;

    before(async function () {
      this.timeout(300_000);
      config = testConfig();
      const database = new URL(config.databaseUrl);
      proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
      if (outage.underTemporal) {
        temporal = await startOwnTemporal({ database: { host: '127.0.0.1', port: proxy.port } });
        config = { ...config, temporal: { ...config.temporal, address: temporal.address } };
      }
      backing = openBacking(config);
      const viaProxy = { DATABASE_URL: throughProxy(config.databaseUrl, proxy) };
      // Ingest keeps its direct connection: this test is about the processing side retrying, and
      // every order must reach the queue while the database is away.
      services = await startServiceProcesses(config, { consumer: viaProxy, worker: viaProxy });
    });
    after(async function () {
      this.timeout(60_000);
      await services?.stop();
      await temporal?.destroy();
      await proxy?.close();
      await backing?.close();
    });

    it(`keeps the consumer and worker${outage.underTemporal ? ' and temporal-server' : ''} running, retries their jobs and activities, and credits every order answered 202 once`, async function () {
      this.timeout(360_000);
      const store = await seedConnectedStore(backing.db, `https://postgres-down-${randomString(4).toLowerCase()}.example.com`);
      const coupon = `PG${randomString(6)}`;
      await seedCoupon(backing.db, store, coupon);
      const orderRows = async () => Number((await backing.db('orders').where({ integration_id: store.integrationId }).count('* as n').first())?.n);
      let rowsWhenCut = 0;
      let rowsBeforeRestore = 0;

      const report = await runFaultScenario({
        fault: outage.fault,
        db: backing.db,
        store,
        coupon,
        ingestUrl: services.ingestUrl,
        orders: outage.orders,
        ratePerSecond: outage.ratePerSecond,
        concurrency: 10,
        injectAfterSent: 100,
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

      if (temporal) expect(temporal.serverPids(), 'temporal-server still running').to.have.length(1);
      expect(services.running.consumer.isRunning(), services.running.consumer.recentOutput()).to.equal(true);
      expect(services.running.worker.isRunning(), services.running.worker.recentOutput()).to.equal(true);
      // At most the transactions that were committing at the cut: the outage did stop the crediting.
      expect(rowsBeforeRestore - rowsWhenCut, 'orders credited while PostgreSQL was unreachable').to.be.at.most(5);
      expect(report.accepted).to.equal(report.offered);
      expectEveryAcceptedOrderCreditedOnce(report);
    });
  });
}

describeOutage({
  title: 'PostgreSQL unreachable from the consumer and the worker for a while',
  underTemporal: false,
  fault: 'PostgreSQL unreachable',
  orders: 400,
  ratePerSecond: 25,
});
// Only the server engine keeps its workflows in PostgreSQL: the dev server's run has no such case.
if (testTemporalEngine === 'server')
  describeOutage({
    title: 'PostgreSQL gone under temporal-server, the consumer and the worker for a while (server engine)',
    underTemporal: true,
    fault: 'PostgreSQL cut under temporal-server and the app',
    orders: 300,
    ratePerSecond: 20,
  });
