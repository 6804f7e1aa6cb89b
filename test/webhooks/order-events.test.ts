import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { randomString } from '../../core/domain/ids';
import { orderWorkflowId } from '../../core/temporal';
import { connectTemporalClient } from '../../core/temporal-client';
import type { OrderJob } from '../../core/queues';
import { adminClient } from '../admin-api/api-client';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { waitFor, waitForQueueDrained, waitForWorkflowClosed } from '../support/wait-for';
import { enqueueOrder, openQueues, orderJob, seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';
import { startReceiver, type Receiver } from './receiver';

/** Order events are emitted where the fact is recorded (the order's workflow), once per fact. */
describe('order webhook events', function () {
  this.timeout(90_000);
  let p: Pipeline;
  let queues: ReturnType<typeof openQueues>;
  let api: ReturnType<typeof adminClient>;
  let receiver: Receiver;
  let secret: string;
  let temporal: Awaited<ReturnType<typeof connectTemporalClient>>;
  let store: Awaited<ReturnType<typeof seedConnectedStore>> & { code: string };
  const origin = 'https://hooked.example.com';

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ config: { confirmationHourSeconds: 1 } });
    queues = openQueues(p.config);
    temporal = await connectTemporalClient(p.config.temporal);
    api = adminClient(p.adminUrl);
    receiver = await startReceiver(() => ({ status: 204 }));
    const seeded = await seedConnectedStore(p.db, origin);
    const code = `HOOK${randomString(5)}`;
    await seedCoupon(p.db, seeded, code);
    store = { ...seeded, code };
    const created = await api(store.token).post('/api/v1/webhooks', { url: receiver.url, events: ['order.credited', 'order.skipped', 'order.refunded'] });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    secret = created.body.secret;
  });
  after(async () => {
    await receiver?.close();
    await queues?.disconnect();
    await temporal?.close();
    await p?.stop();
  });

  const eventsOf = (orderId: string, type: string) => receiver.events().filter((e) => e.type === type && e.data?.orderId === orderId);
  /** The outbox rows of an order's events: written in the transaction that records the report's outcome. */
  const recordedEvents = (orderId: string, type: string) =>
    p.db('webhook_events').where({ workspace_id: store.workspaceId, type }).whereRaw("data->>'orderId' = ?", [orderId]).select('id');
  const outcomesRecorded = (orderId: string) =>
    p.db('order_reports').where({ integration_id: store.integrationId, order_id: orderId }).whereNotNull('outcome').count('* as n').first();

  it('sends one order.credited, signed, for an order reported three times, and none for the repeats', async () => {
    const orderId = `HOOK-${randomString(8)}`;
    const pixel = orderJob(store.integrationId, origin, { orderId, coupon: store.code });
    await enqueueOrder(queues, pixel);
    await enqueueOrder(queues, orderJob(store.integrationId, origin, { orderId, coupon: store.code }));
    const server: OrderJob = { ...orderJob(store.integrationId, origin, { orderId }), source: 'server', origin: null };
    await enqueueOrder(queues, server);

    const [event] = await waitFor(async () => (eventsOf(orderId, 'order.credited').length ? eventsOf(orderId, 'order.credited') : undefined), 'order.credited');
    await waitFor(
      async () => (await p.db('order_reports').where({ order_id: orderId }).whereNotNull('outcome').count('* as n').first())?.n === '3',
      'all three reports',
    );
    // Every report's outcome is recorded, and with it any event it caused: the outbox is final for this order.
    expect(await recordedEvents(orderId, 'order.credited')).to.deep.equal([{ id: event!.id }]);
    expect(eventsOf(orderId, 'order.credited')).to.have.length(1);
    expect(event!.data).to.include({ orderId, integrationId: store.integrationId, status: 'credited', creatorId: store.creatorId });
    expect(event!.data).to.not.have.property('reports');
    const delivery = receiver.received.find((r) => JSON.parse(r.body).id === event!.id)!;
    expect(new Webhook(secret).verify(delivery.body, delivery.headers)).to.include({ id: event!.id, type: 'order.credited' });
  });

  it('sends one order.refunded per applied refund with the new totals, and none for a repeat of it', async () => {
    const orderId = `HOOKREF-${randomString(8)}`;
    const job = orderJob(store.integrationId, origin, { orderId, coupon: store.code });
    job.order.value = 40;
    await enqueueOrder(queues, job);
    await waitFor(async () => (eventsOf(orderId, 'order.credited').length ? true : undefined), 'the credit');
    const refund = {
      workspaceId: store.workspaceId,
      integrationId: store.integrationId,
      orderId,
      refundId: `re_${randomString(6)}`,
      value: 15,
      currency: 'USD',
      source: 'server' as const,
      receivedAt: new Date().toISOString(),
    };
    await queues.refunds.add('refund', refund);
    await queues.refunds.add('refund', refund);
    const [event] = await waitFor(async () => (eventsOf(orderId, 'order.refunded').length ? eventsOf(orderId, 'order.refunded') : undefined), 'order.refunded');
    // Both deliveries have signalled the order's workflow, and it has handled every signal and closed:
    // the repeat has had its chance to record a second event.
    await waitForQueueDrained(queues.refunds);
    await waitForWorkflowClosed(temporal.client, orderWorkflowId(store.integrationId, orderId));
    expect(await recordedEvents(orderId, 'order.refunded')).to.deep.equal([{ id: event!.id }]);
    expect(eventsOf(orderId, 'order.refunded')).to.have.length(1);
    expect(event!.data).to.include({ refundedValue: 15, netValue: 25 });
  });

  it('sends one order.skipped for an unattributable order reported twice, and one when a confirmation window ends', async () => {
    const orderId = `HOOKSKIP-${randomString(8)}`;
    await enqueueOrder(queues, orderJob(store.integrationId, origin, { orderId }));
    await enqueueOrder(queues, orderJob(store.integrationId, origin, { orderId }));
    await waitFor(async () => (eventsOf(orderId, 'order.skipped').length ? true : undefined), 'order.skipped');
    await waitFor(async () => (await outcomesRecorded(orderId))?.n === '2', 'both reports recorded');
    expect(await recordedEvents(orderId, 'order.skipped')).to.have.length(1);
    expect(eventsOf(orderId, 'order.skipped').map((e) => e.data.reason)).to.deep.equal(['unattributable']);

    await p.db('integrations').where({ id: store.integrationId }).update({ require_server_confirmation: true, confirmation_window_hours: 2 });
    const waiting = `HOOKWAIT-${randomString(8)}`;
    await enqueueOrder(queues, orderJob(store.integrationId, origin, { orderId: waiting, coupon: store.code }));
    const [expired] = await waitFor(
      async () => (eventsOf(waiting, 'order.skipped').length ? eventsOf(waiting, 'order.skipped') : undefined),
      'the window to end',
      30_000,
    );
    expect(expired!.data).to.include({ status: 'skipped', reason: 'not_confirmed' });
    expect(eventsOf(waiting, 'order.credited')).to.have.length(0);
  });
});
