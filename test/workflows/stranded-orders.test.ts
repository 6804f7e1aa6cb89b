import type { Client } from '@temporalio/client';
import { expect } from 'chai';
import { newId, randomString } from '../../core/domain/ids';
import { connectTemporalClient } from '../../core/temporal-client';
import { orderWorkflowId, reconciliationScheduleId, workflowTypes } from '../../core/temporal';
import { orderEventDedupeKey } from '../../core/webhooks/record-webhook-event';
import type { ReconciliationSummary } from '../../workflows/definitions/reconcile-orders';
import { adminClient } from '../admin-api/api-client';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { waitFor } from '../support/wait-for';
import { startReceiver, type Receiver } from '../webhooks/receiver';
import { enqueueOrder, openQueues, orderJob, seedConnectedStore, seedCoupon } from './order-fixtures';

const HOUR_MS = 60 * 60 * 1000;

/**
 * An order left pending when its workflow failed, was terminated or is gone (local activities
 * give up after 24 hours; retention deletes closed runs) is expired by reconciliation once its
 * confirmation deadline has passed, with its `order.skipped` event; one whose workflow is open
 * is left to that workflow.
 */
describe('reconciliation of stranded pending orders', function () {
  this.timeout(90_000);
  let p: Pipeline;
  let queues: ReturnType<typeof openQueues>;
  let temporal: { client: Client; close(): Promise<void> };
  let receiver: Receiver;
  const origin = 'https://stranded.example.com';

  before(async function () {
    this.timeout(120_000);
    // A confirmation "hour" of one second; windows of 600 "hours" keep the workflows' own timers far away.
    p = await startPipeline({ config: { confirmationHourSeconds: 1 } });
    queues = openQueues(p.config);
    temporal = await connectTemporalClient(p.config.temporal);
    receiver = await startReceiver(() => ({ status: 204 }));
  });
  after(async () => {
    await temporal?.client.schedule
      .getHandle(reconciliationScheduleId(p.config.temporal.taskQueue))
      .delete()
      .catch(() => undefined);
    await receiver?.close();
    await temporal?.close();
    await queues?.disconnect();
    await p?.stop();
  });

  async function reconcile(): Promise<ReconciliationSummary> {
    return temporal.client.workflow.execute(workflowTypes.reconcileOrders, {
      taskQueue: p.config.temporal.taskQueue,
      workflowId: `reconcile-stranded-${randomString(10)}`,
      args: [{ settleSeconds: 1 }],
    });
  }

  /** A store that requires the server's confirmation, with a webhook endpoint for order.skipped. */
  async function waitingStore() {
    const store = await seedConnectedStore(p.db, origin);
    await p.db('integrations').where({ id: store.integrationId }).update({ require_server_confirmation: true, confirmation_window_hours: 600 });
    const code = `STRAND${randomString(5)}`;
    await seedCoupon(p.db, store, code);
    const hook = await adminClient(p.adminUrl)(store.token).post('/api/v1/webhooks', { url: receiver.url, events: ['order.skipped'] });
    expect(hook.status, JSON.stringify(hook.body)).to.equal(201);
    return { ...store, code };
  }

  const orderRow = (integrationId: string, orderId: string) =>
    p.db('orders').where({ integration_id: integrationId, order_id: orderId }).first('status', 'reason', 'confirmation_deadline');
  const skippedEvents = (integrationId: string, orderId: string) =>
    p
      .db('webhook_events')
      .where({ dedupe_key: orderEventDedupeKey('order.skipped', integrationId, orderId) })
      .select('id');

  /** A pixel order waiting for its confirmation; returns once its workflow is waiting on the timer. */
  async function pendingOrder(store: Awaited<ReturnType<typeof waitingStore>>): Promise<string> {
    const orderId = `STRANDED-${randomString(8)}`;
    await enqueueOrder(queues, orderJob(store.integrationId, origin, { orderId, coupon: store.code }));
    await waitFor(async () => (await orderRow(store.integrationId, orderId))?.status === 'pending', 'the pending order');
    return orderId;
  }

  /** Its deadline an hour ago, as if the window had run out while nothing expired it. */
  const deadlinePassed = (integrationId: string, orderId: string) =>
    p
      .db('orders')
      .where({ integration_id: integrationId, order_id: orderId })
      .update({ confirmation_deadline: new Date(Date.now() - HOUR_MS) });

  describe('when the workflow of a pending order was terminated and its deadline has passed', () => {
    it('expires the order as not_confirmed with one order.skipped event, once', async () => {
      const store = await waitingStore();
      const orderId = await pendingOrder(store);
      await temporal.client.workflow.getHandle(orderWorkflowId(store.integrationId, orderId)).terminate('a test strands the order');
      await deadlinePassed(store.integrationId, orderId);

      await reconcile();
      expect(await orderRow(store.integrationId, orderId)).to.deep.equal({ status: 'skipped', reason: 'not_confirmed', confirmation_deadline: null });
      expect(await skippedEvents(store.integrationId, orderId)).to.have.length(1);
      await waitFor(async () => receiver.events().some((e) => e.type === 'order.skipped' && e.data.orderId === orderId), 'the order.skipped delivery');

      await reconcile();
      expect(await skippedEvents(store.integrationId, orderId)).to.have.length(1);
    });
  });

  describe('when a pending order past its deadline has no workflow at all (retention deleted it)', () => {
    it('expires it too', async () => {
      const store = await waitingStore();
      const orderId = `NOWORKFLOW-${randomString(8)}`;
      await p.db('orders').insert({
        id: newId('ord'),
        workspace_id: store.workspaceId,
        integration_id: store.integrationId,
        order_id: orderId,
        status: 'pending',
        reason: 'awaiting_confirmation',
        creator_id: store.creatorId,
        attributed_by: 'coupon',
        value_minor: 2500,
        currency: 'USD',
        reported_at: new Date(Date.now() - 2 * HOUR_MS),
        confirmation_deadline: new Date(Date.now() - HOUR_MS),
      });

      await reconcile();
      expect(await orderRow(store.integrationId, orderId)).to.include({ status: 'skipped', reason: 'not_confirmed' });
      expect(await skippedEvents(store.integrationId, orderId)).to.have.length(1);
    });
  });

  describe('when a pending order past its deadline still has its workflow open', () => {
    it('leaves it to that workflow', async () => {
      const store = await waitingStore();
      const orderId = await pendingOrder(store);
      await deadlinePassed(store.integrationId, orderId);

      // The reconciliation run has finished: what it was going to expire, it has expired.
      await reconcile();
      expect(await orderRow(store.integrationId, orderId)).to.include({ status: 'pending', reason: 'awaiting_confirmation' });
      expect(await skippedEvents(store.integrationId, orderId)).to.have.length(0);
      await temporal.client.workflow.getHandle(orderWorkflowId(store.integrationId, orderId)).terminate('the test is over');
    });
  });
});
