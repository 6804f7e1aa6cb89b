import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import type { OrderDecision } from '../../core/domain/order-decision';
import { recordOrderReports } from '../../core/repositories/orders';
import { orderWorkflowId } from '../../core/temporal';
import type { DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { createRecordOrder, type RecordOrderInput } from '../../workflows/activities/record-order';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { orderJob, seedConnectedStore } from './order-fixtures';

// Temporal runs an activity again when it did not hear back in time, sometimes while the first
// attempt is still running. Recording a report must come out the same however its attempts overlap.
describe('recording one report from several attempts of its activity', function () {
  let p: Pipeline;
  const dispatched: string[] = [];
  const dispatch = (async (ids: string[]) => {
    dispatched.push(...ids);
    return ids.length;
  }) as unknown as DispatchWebhookEvents;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
  });
  after(async () => {
    await p?.stop();
  });

  async function storedReport(store: { integrationId: string; origin: string }, orderId: string) {
    const job = orderJob(store.integrationId, store.origin, { orderId });
    await recordOrderReports(p.db, [
      {
        reportId: job.reportId,
        integrationId: job.integrationId,
        source: 'pixel',
        orderId,
        origin: job.origin,
        payload: job,
        receivedAt: new Date(job.receivedAt),
        workflowId: orderWorkflowId(job.integrationId, orderId),
      },
    ]);
    return job;
  }

  describe('when six attempts of the first report of an order run at once', () => {
    it('writes one order row, and every attempt answers with the outcome that was recorded', async function () {
      this.timeout(30_000);
      const store = await seedConnectedStore(p.db, `https://attempts-${randomString(6).toLowerCase()}.example.com`);
      const orderId = `ATTEMPT-${randomString(8)}`;
      const job = await storedReport(store, orderId);
      const decision: OrderDecision = { status: 'credited', creatorId: store.creatorId, attributedBy: 'coupon' };
      const input: RecordOrderInput = { job, workspaceId: store.workspaceId, decision, confirmationHourSeconds: 3600 };
      const recordOrder = createRecordOrder(p.db, { dispatch, log: p.log });

      const results = await Promise.all(Array.from({ length: 6 }, () => recordOrder(input)));

      expect(results.map((r) => r.outcome)).to.deep.equal(Array(6).fill('credited'));
      // Exactly one attempt did the recording; the others learnt it and wrote nothing.
      expect(results.filter((r) => r.order !== undefined)).to.have.length(1);
      const orders = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId });
      expect(orders).to.have.length(1);
      expect(orders[0]).to.include({ status: 'credited', creator_id: store.creatorId });
      const report = await p.db('order_reports').where({ id: job.reportId }).first('outcome', 'reason');
      expect(report).to.deep.equal({ outcome: 'credited', reason: null });
    });
  });

  describe('when a retry of a recorded report would decide differently now', () => {
    it('keeps the recorded outcome and leaves the order as it was', async function () {
      this.timeout(30_000);
      const store = await seedConnectedStore(p.db, `https://retry-${randomString(6).toLowerCase()}.example.com`);
      const orderId = `RETRY-${randomString(8)}`;
      const job = await storedReport(store, orderId);
      const recordOrder = createRecordOrder(p.db, { dispatch, log: p.log });
      const first = await recordOrder({
        job,
        workspaceId: store.workspaceId,
        decision: { status: 'skipped', reason: 'unattributable' },
        confirmationHourSeconds: 3600,
      });
      expect(first.outcome).to.equal('skipped');
      const before = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).first();

      // Say the coupon was created between the attempts: the retry would credit, but this report was recorded as skipped.
      const retry = await recordOrder({
        job,
        workspaceId: store.workspaceId,
        decision: { status: 'credited', creatorId: store.creatorId, attributedBy: 'coupon' },
        confirmationHourSeconds: 3600,
      });

      expect(retry).to.deep.equal({ outcome: 'skipped', awaitingConfirmationUntil: null });
      const after = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).first();
      expect(after).to.deep.equal(before);
    });
  });
});
