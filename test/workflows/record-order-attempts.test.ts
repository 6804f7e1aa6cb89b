import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import type { OrderDecision } from '../../core/domain/order-decision';
import { orderReportOf, recordOrderReports } from '../../core/repositories/orders';
import type { DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { createRecordOrder, type RecordOrderInput } from '../../workflows/activities/record-order';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { orderJob, seedConnectedStore } from './order-fixtures';

// Temporal runs an activity again when it did not hear back in time, sometimes while the first
// attempt is still running. Recording a report must come out the same however its attempts overlap.
describe('recording one report from several attempts of its activity', function () {
  let p: Pipeline;
  // No webhook endpoints here, so there is nothing to dispatch.
  const dispatch = (async (ids: string[]) => ids.length) as unknown as DispatchWebhookEvents;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
  });
  after(async () => {
    await p?.stop();
  });

  /** A connected store and one report of a new order, stored as the consumer stores it. */
  async function storedReport(label: string) {
    const store = await seedConnectedStore(p.db, `https://${label.toLowerCase()}-${randomString(6).toLowerCase()}.example.com`);
    const orderId = `${label}-${randomString(8)}`;
    const job = orderJob(store.integrationId, store.origin, { orderId });
    await recordOrderReports(p.db, [orderReportOf(job)]);
    const credit: OrderDecision = { status: 'credited', creatorId: store.creatorId, attributedBy: 'coupon' };
    const inputOf = (decision: OrderDecision): RecordOrderInput => ({ job, workspaceId: store.workspaceId, decision, confirmationHourSeconds: 3600 });
    const orderRows = () => p.db('orders').where({ integration_id: store.integrationId, order_id: orderId });
    return { store, job, credit, inputOf, orderRows, recordOrder: createRecordOrder(p.db, { dispatch, log: p.log }) };
  }

  describe('when six attempts of the first report of an order run at once', () => {
    it('writes one order row, and every attempt answers with the outcome that was recorded', async function () {
      this.timeout(30_000);
      const { store, job, credit, inputOf, orderRows, recordOrder } = await storedReport('ATTEMPT');

      const results = await Promise.all(Array.from({ length: 6 }, () => recordOrder(inputOf(credit))));

      expect(results.map((r) => r.outcome)).to.deep.equal(Array(6).fill('credited'));
      // Exactly one attempt did the recording; the others learnt it and wrote nothing.
      expect(results.filter((r) => r.order !== undefined)).to.have.length(1);
      const orders = await orderRows();
      expect(orders).to.have.length(1);
      expect(orders[0]).to.include({ status: 'credited', creator_id: store.creatorId });
      const report = await p.db('order_reports').where({ id: job.reportId }).first('outcome', 'reason');
      expect(report).to.deep.equal({ outcome: 'credited', reason: null });
    });
  });

  describe('when a retry of a recorded report would decide differently now', () => {
    it('keeps the recorded outcome and leaves the order as it was', async function () {
      this.timeout(30_000);
      const { credit, inputOf, orderRows, recordOrder } = await storedReport('RETRY');
      const first = await recordOrder(inputOf({ status: 'skipped', reason: 'unattributable' }));
      expect(first.outcome).to.equal('skipped');
      const before = await orderRows().first();

      // Say the coupon was created between the attempts: the retry would credit, but this report was recorded as skipped.
      const retry = await recordOrder(inputOf(credit));

      expect(retry).to.deep.equal({ outcome: 'skipped', awaitingConfirmationUntil: null });
      const after = await orderRows().first();
      expect(after).to.deep.equal(before);
    });
  });
});
