import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { freePort } from '../support/child-processes';
import { sendBeacon } from '../support/http';
import { scrapeMetrics } from '../support/prometheus-text';
import { startServiceCopies, type ServiceCopies } from '../support/service-copies';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { seedConnectedStore, seedCoupon } from './order-fixtures';

describe('the worker and the queue consumer in one process (eager workflow starts)', function () {
  let config: Config;
  let backing: Backing;
  let services: ServiceCopies;
  let metricsUrl: string;
  let consumerPort: number;

  before(async function () {
    this.timeout(240_000);
    config = testConfig();
    backing = openBacking(config);
    const workerPort = await freePort();
    consumerPort = await freePort();
    metricsUrl = `http://127.0.0.1:${workerPort}`;
    services = await startServiceCopies(config, {
      copies: 1,
      workerWithConsumer: true,
      env: { 'worker-with-consumer': { WORKER_METRICS_PORT: String(workerPort), CONSUMER_METRICS_PORT: String(consumerPort) } },
    });
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await backing?.close();
  });

  it('credits distinct orders once each, and one order reported 20 times at once once, the other 19 reports duplicates', async function () {
    this.timeout(180_000);
    const store = await seedConnectedStore(backing.db, 'https://eager.example.com');
    const coupon = `EG${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    const beacon = (orderId: string) => ({
      id: store.integrationId,
      type: 'order',
      url: `${store.origin}/thanks`,
      order: { orderId, value: 20, currency: 'USD', coupon },
    });
    const run = randomString(6);
    const repeated = `EAGER-${run}-again`;
    const beacons = [...Array.from({ length: 30 }, (_, i) => beacon(`EAGER-${run}-${i}`)), ...Array.from({ length: 20 }, () => beacon(repeated))];

    const answers = await Promise.all(beacons.map((b) => sendBeacon(services.ingestUrls[0] as string, store.origin, b)));
    expect(answers.map((a) => a.status)).to.deep.equal(Array(50).fill(202));

    const outcomes = await waitFor(
      async () => {
        const rows: { order_id: string; outcome: string }[] = await backing
          .db('order_reports')
          .where({ integration_id: store.integrationId })
          .whereNotNull('outcome')
          .select('order_id', 'outcome');
        return rows.length === 50 ? rows : undefined;
      },
      'all 50 reports to have an outcome',
      150_000,
    );
    const orders: { order_id: string; status: string }[] = await backing
      .db('orders')
      .where({ integration_id: store.integrationId })
      .select('order_id', 'status');
    expect(orders.length, 'order rows').to.equal(31);
    expect(orders.every((o) => o.status === 'credited')).to.equal(true);
    const ofRepeated = outcomes.filter((r) => r.order_id === repeated).map((r) => r.outcome);
    expect(ofRepeated.filter((o) => o === 'credited').length, 'credited reports of the repeated order').to.equal(1);
    expect(ofRepeated.filter((o) => o === 'duplicate').length, 'duplicate reports of the repeated order').to.equal(19);
  });

  describe('its metrics and readiness', () => {
    it('serves the worker’s and the consumer’s series together on WORKER_METRICS_PORT, the process’s default metrics once', async () => {
      const scrape = await scrapeMetrics(metricsUrl);
      // The worker's: the Temporal SDK's own, and the outcomes of the reports it processed (the test above credited 31).
      expect(scrape.value('temporal_worker_task_slots_available', { worker_type: 'WorkflowWorker' }), 'workflow task slots').to.be.greaterThan(0);
      expect(scrape.value('influtrace_order_outcomes_total', { outcome: 'credited' }), 'credited outcomes').to.be.at.least(31);
      // The consumer's: queue depth read from Redis, the reports it signalled.
      expect(scrape.value('influtrace_queue_jobs', { queue: 'orders', state: 'waiting' }), 'orders waiting').to.equal(0);
      expect(scrape.value('influtrace_order_reports_signalled_total'), 'reports signalled').to.be.at.least(50);
      expect(scrape.matching('process_cpu_user_seconds_total'), 'default metrics').to.have.length(1);
    });

    it('is ready when Temporal, PostgreSQL and Redis answer, all checked on the one port', async () => {
      const response = await fetch(`${metricsUrl}/readyz`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ status: 'ready', checks: { temporal: 'ok', postgres: 'ok', redis: 'ok' } });
    });

    it('does not listen on CONSUMER_METRICS_PORT', async () => {
      const refused = await fetch(`http://127.0.0.1:${consumerPort}/metrics`).then(
        () => false,
        () => true,
      );
      expect(refused, 'connection refused').to.equal(true);
    });
  });
});
