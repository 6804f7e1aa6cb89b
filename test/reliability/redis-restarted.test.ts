import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { expectEveryAcceptedOrderCreditedOnce, runFaultScenario } from '../support/fault-scenario';
import { deployedRedisSettings, redisSetting, startOwnRedis, type OwnRedis } from '../support/redis-server';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { testConfig } from '../support/test-config';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

describe('Redis (AOF, fsync always) killed (SIGKILL) and restarted under load', function () {
  // The persistence docker-compose.yml deploys (test/support/redis-server.ts reads it): the proof holds for what runs.
  it('runs the setting docker-compose.yml deploys, appendfsync always', () => {
    expect(redisSetting(deployedRedisSettings(), 'appendfsync')).to.equal('always');
  });

  let config: Config;
  let redis: OwnRedis;
  let backing: Backing;
  let services: ServiceProcesses;

  before(async function () {
    this.timeout(180_000);
    // A Redis of this test's own: the shared one has no persistence and serves every other test.
    redis = await startOwnRedis();
    config = testConfig({ redisUrl: redis.url });
    backing = openBacking(config);
    // The test's own queue handles lose Redis too, on purpose: without a listener BullMQ prints each error.
    for (const queue of [backing.queues.orders, backing.queues.pings, backing.queues.clicks]) queue.on('error', () => undefined);
    services = await startServiceProcesses(config);
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await backing?.close();
    await redis?.destroy();
  });

  it('answers errors while Redis is away, never 202, and every order answered 202 is credited once', async function () {
    this.timeout(300_000);
    const store = await seedConnectedStore(backing.db, 'https://redis-restart.example.com');
    const coupon = `RR${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);

    const report = await runFaultScenario({
      fault: 'Redis SIGKILL + restart (AOF)',
      db: backing.db,
      store,
      coupon,
      ingestUrl: services.ingestUrl,
      orders: 500,
      // Slow enough that the load goes on for several seconds after Redis is back.
      ratePerSecond: 40,
      concurrency: 10,
      injectAfterSent: 120,
      readyToInject: async () => Number((await backing.db('orders').where({ integration_id: store.integrationId }).count('* as n').first())?.n) > 0,
      inject: () => redis.kill(),
      downForMs: 3_000,
      repair: () => redis.start(),
      minOfferedAfterRepair: 200,
      queue: backing.queues.orders,
      settleTimeoutMs: 240_000,
    });

    const failed = report.results.filter((r) => r.status !== 202);
    expect(failed.length, 'beacons offered while Redis was away').to.be.greaterThan(0);
    // Refused with an error answer (or a cut connection), never an answer that claims success.
    expect(failed.filter((r) => r.status !== undefined && r.status < 500)).to.deep.equal([]);
    for (const name of ['ingest', 'consumer', 'worker'] as const) {
      expect(services.running[name].isRunning(), services.running[name].recentOutput()).to.equal(true);
    }
    const afterRestart = report.results.slice(report.offeredAtRepair);
    expect(afterRestart.filter((r) => r.status === 202).length, 'beacons answered 202 once Redis was back').to.be.greaterThan(0);
    expectEveryAcceptedOrderCreditedOnce(report);
  });
});
