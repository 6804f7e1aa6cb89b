import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { queueNames } from '../../core/queues';
import { watchedJobStates } from '../../workflows/metrics/queue-depth';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { freePort } from '../support/child-processes';
import { alertRules, dashboardQueries, parsePromql } from '../support/monitoring-files';
import { requestJson, sendBeacon } from '../support/http';
import { scrapeMetrics, type Scrape } from '../support/prometheus-text';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { processedOrder, seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

const ORDERS = 6;

describe('metrics from every process, after real traffic', function () {
  this.timeout(180_000);
  let config: Config;
  let backing: Backing;
  let services: ServiceProcesses;
  let workerUrl: string;
  let consumerUrl: string;
  const scrapes: Record<'ingest' | 'consumer' | 'worker', Scrape> = {} as never;

  before(async () => {
    config = testConfig();
    backing = openBacking(config);
    const [workerPort, consumerPort] = [await freePort(), await freePort()];
    workerUrl = `http://127.0.0.1:${workerPort}`;
    consumerUrl = `http://127.0.0.1:${consumerPort}`;
    services = await startServiceProcesses(config, {
      worker: { WORKER_METRICS_PORT: String(workerPort) },
      consumer: { CONSUMER_METRICS_PORT: String(consumerPort) },
    });

    const store = await seedConnectedStore(backing.db, 'https://metrics.example.com');
    const coupon = `MX${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    const orderIds = Array.from({ length: ORDERS }, (_, i) => `METRICS-${randomString(4)}-${i}`);
    for (const orderId of orderIds) {
      const res = await sendBeacon(services.ingestUrl, store.origin, {
        id: store.integrationId,
        type: 'order',
        order: { orderId, value: 20, currency: 'USD', coupon },
      });
      expect(res.status).to.equal(202);
    }
    const refused = await sendBeacon(services.ingestUrl, 'https://not-the-store.example.com', {
      id: store.integrationId,
      type: 'order',
      order: { orderId: 'REFUSED-1', value: 1, currency: 'USD' },
    });
    expect(refused.status).to.equal(403);
    for (const orderId of orderIds) expect((await processedOrder(backing.db, store.integrationId, orderId)).status).to.equal('credited');
    // The consumer sees outcomes on its next poll of the in-flight window (every 0.2 s).
    await waitFor(
      async () => ((await scrapeMetrics(consumerUrl)).value('influtrace_order_reports_processed_total') ?? 0) >= ORDERS,
      'the consumer to see every outcome',
    );

    scrapes.ingest = await scrapeMetrics(services.ingestUrl);
    scrapes.consumer = await scrapeMetrics(consumerUrl);
    scrapes.worker = await scrapeMetrics(workerUrl);
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await backing?.close();
  });

  describe('ingest', () => {
    it('counts the order beacons it accepted and the one it refused, by reason', () => {
      expect(scrapes.ingest.value('influtrace_beacons_accepted_total', { type: 'order' })).to.equal(ORDERS);
      expect(scrapes.ingest.value('influtrace_beacons_refused_total', { reason: 'origin_mismatch' })).to.equal(1);
    });
  });

  describe('the queue consumer (CONSUMER_METRICS_PORT)', () => {
    it('counts every report it signalled and saw processed', () => {
      expect(scrapes.consumer.value('influtrace_order_reports_signalled_total')).to.equal(ORDERS);
      expect(scrapes.consumer.value('influtrace_order_reports_processed_total')).to.equal(ORDERS);
    });

    it('has the lag from each report’s arrival to its outcome as a histogram of seconds', () => {
      const count = scrapes.consumer.value('influtrace_order_report_outcome_lag_seconds_count')!;
      const sum = scrapes.consumer.value('influtrace_order_report_outcome_lag_seconds_sum')!;
      expect(count).to.equal(ORDERS);
      expect(sum / count, 'mean lag in seconds')
        .to.be.greaterThan(0)
        .and.lessThan(120);
      expect(scrapes.consumer.value('influtrace_order_report_outcome_lag_seconds_bucket', { le: '+Inf' })).to.equal(ORDERS);
    });

    it('shows the in-flight window’s fill against its limit, empty once everything was processed', () => {
      expect(scrapes.consumer.value('influtrace_order_workflows_in_flight')).to.equal(0);
      expect(scrapes.consumer.value('influtrace_order_workflows_in_flight_limit')).to.equal(config.orderWorkflowsInFlight);
    });

    it('has the depth of every queue in every watched state, and each queue’s oldest waiting age', () => {
      for (const queue of Object.values(queueNames)) {
        for (const state of watchedJobStates) expect(scrapes.consumer.value('influtrace_queue_jobs', { queue, state }), `${queue} ${state}`).to.equal(0);
        expect(scrapes.consumer.value('influtrace_queue_oldest_waiting_age_seconds', { queue }), queue).to.equal(0);
      }
    });

    it('is ready while Redis and PostgreSQL answer', async () => {
      const res = await requestJson(`${consumerUrl}/readyz`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ready', checks: { redis: 'ok', postgres: 'ok' } });
    });
  });

  describe('the Temporal worker (WORKER_METRICS_PORT)', () => {
    it('serves the Temporal SDK’s own worker metrics: task latencies, slots and polls', () => {
      const names = [...scrapes.worker.names].filter((n) => n.startsWith('temporal_'));
      expect(names).to.include.members([
        'temporal_workflow_task_execution_latency_seconds_count',
        'temporal_local_activity_execution_latency_seconds_count',
        'temporal_workflow_task_schedule_to_start_latency_seconds_count',
        'temporal_worker_task_slots_available',
        'temporal_workflow_task_queue_poll_succeed_total',
      ]);
      // One order workflow each, so at least one workflow task each; some run on the worker's sticky queue, whose label differs.
      expect(scrapes.worker.value('temporal_workflow_task_execution_latency_seconds_count', { namespace: config.temporal.namespace })).to.be.at.least(ORDERS);
      expect(scrapes.worker.value('temporal_local_activity_execution_latency_seconds_count', { task_queue: config.temporal.taskQueue })).to.be.at.least(ORDERS);
      expect(scrapes.worker.value('temporal_worker_task_slots_available', { worker_type: 'WorkflowWorker' })).to.be.greaterThan(0);
    });

    it('counts the outcomes of the reports it processed', () => {
      expect(scrapes.worker.value('influtrace_order_outcomes_total', { outcome: 'credited' })).to.equal(ORDERS);
    });

    it('is ready while it polls its task queue on a reachable Temporal', async () => {
      const res = await requestJson(`${workerUrl}/readyz`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ready', checks: { temporal: 'ok', postgres: 'ok' } });
    });
  });

  describe('the Grafana dashboard and the alerts', () => {
    /** Series Prometheus makes itself for every target. */
    const madeByPrometheus = new Set(['up']);
    const exported = () => new Set([...scrapes.ingest.names, ...scrapes.consumer.names, ...scrapes.worker.names, ...madeByPrometheus]);

    it('use only metric names the processes export', () => {
      const used = [
        ...dashboardQueries().map((q) => ({ where: `dashboard panel "${q.panel}"`, expr: q.expr })),
        ...alertRules().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
      ];
      const names = exported();
      const unknown = used.flatMap(({ where, expr }) =>
        parsePromql(expr)
          .metricNames.filter((name) => !names.has(name))
          .map((name) => `${where}: ${name}`),
      );
      expect(unknown).to.deep.equal([]);
      expect(used.length).to.be.greaterThan(10);
    });
  });
});
