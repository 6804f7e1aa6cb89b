import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import type { OrderJob } from '../../core/queues';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { startServiceProcesses, type ServiceProcesses } from '../support/service-processes';
import { testConfig } from '../support/test-config';
import { waitFor, waitForQueueDrained } from '../support/wait-for';
import { enqueueOrder, orderJob, seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

const ORDERS = 40;
/** One "hour" of the confirmation window is one second for these processes (CONFIRMATION_HOUR_SECONDS=1). */
const WINDOW_HOURS = 60;

describe('the Temporal worker process killed (SIGKILL) while orders wait for server confirmation', function () {
  let config: Config;
  let backing: Backing;
  let services: ServiceProcesses;

  before(async function () {
    this.timeout(180_000);
    config = testConfig();
    backing = openBacking(config);
    services = await startServiceProcesses(config, { worker: { CONFIRMATION_HOUR_SECONDS: '1' } });
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await backing?.close();
  });

  it('keeps every order waiting on its durable timer: confirmed ones are credited once, the others skipped as not_confirmed', async function () {
    this.timeout(240_000);
    const origin = 'https://confirm-kill.example.com';
    const store = await seedConnectedStore(backing.db, origin);
    await backing.db('integrations').where({ id: store.integrationId }).update({ require_server_confirmation: true, confirmation_window_hours: WINDOW_HOURS });
    const coupon = `CK${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);
    const orderIds = Array.from({ length: ORDERS }, (_, i) => `CK-${i}-${randomString(6)}`);
    const statusCounts = async () =>
      Object.fromEntries(
        (
          await backing
            .db('orders')
            .where({ integration_id: store.integrationId })
            .groupBy('status', 'reason')
            .select('status', 'reason', backing.db.raw('count(*)::int as n'))
        ).map((r: { status: string; reason: string | null; n: number }) => [`${r.status}/${r.reason ?? ''}`, r.n]),
      );

    for (const orderId of orderIds) await enqueueOrder(backing.queues, orderJob(store.integrationId, origin, { orderId, coupon }));
    await waitFor(async () => (await statusCounts())['pending/awaiting_confirmation'] === ORDERS, 'every order pending', 60_000);

    await services.kill('worker');
    expect(await services.running.worker.exited).to.equal('SIGKILL');
    // While no worker runs, the store's server confirms half of them.
    const confirmed = orderIds.slice(0, ORDERS / 2);
    const confirmations: string[] = [];
    for (const orderId of confirmed) {
      const job: OrderJob = { ...orderJob(store.integrationId, origin, { orderId }), source: 'server', origin: null };
      job.order.value = 42;
      confirmations.push(job.reportId);
      await enqueueOrder(backing.queues, job);
    }
    // Every confirmation is stored (the consumer stores a report before it signals) while no worker runs: none may be credited yet.
    await waitFor(
      async () => (await backing.db('order_reports').whereIn('id', confirmations).count('* as n').first())?.n === String(confirmations.length),
      'every confirmation stored',
      60_000,
    );
    // And signalled: the consumer finishes a job only once its reports' workflows have the signal, so nothing but the worker is missing.
    await waitForQueueDrained(backing.queues.orders, 60_000);
    expect((await statusCounts())['credited/']).to.equal(undefined);
    await services.start('worker');

    const settled = await waitFor(
      async () => {
        const counts = await statusCounts();
        return counts['pending/awaiting_confirmation'] === undefined ? counts : undefined;
      },
      'every window to end or be confirmed',
      120_000,
    );
    expect(settled).to.deep.equal({ 'credited/': ORDERS / 2, 'skipped/not_confirmed': ORDERS / 2 });
    const credited = await backing.db('orders').where({ integration_id: store.integrationId, status: 'credited' }).pluck('order_id');
    expect(credited.sort()).to.deep.equal([...confirmed].sort());
    expect(
      await backing.db('orders').where({ integration_id: store.integrationId, status: 'credited' }).whereNot({ value_minor: 4200 }).count('* as n').first(),
    ).to.deep.equal({
      n: '0',
    });
    const reports = await backing
      .db('order_reports')
      .where({ integration_id: store.integrationId })
      .groupBy('source', 'outcome')
      .select('source', 'outcome', backing.db.raw('count(*)::int as n'));
    expect(reports.sort((a, b) => `${a.source}${a.outcome}`.localeCompare(`${b.source}${b.outcome}`))).to.deep.equal([
      { source: 'pixel', outcome: 'pending', n: ORDERS },
      { source: 'server', outcome: 'credited', n: ORDERS / 2 },
    ]);
  });
});
