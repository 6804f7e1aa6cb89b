import { expect } from 'chai';
import type { Client } from '@temporalio/client';
import { newId, randomString } from '../../core/domain/ids';
import { orderReportOf, recordOrderReport } from '../../core/repositories/orders';
import { storeRefund } from '../../core/repositories/refunds';
import { connectTemporalClient } from '../../core/temporal-client';
import { orderWorkflowId, reconciliationScheduleId, workflowTypes } from '../../core/temporal';
import type { ReconcileOrdersInput, ReconciliationSummary } from '../../workflows/definitions/reconcile-orders';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { waitFor, waitForWorkflowClosed } from '../support/wait-for';
import { enqueueOrder, openQueues, orderJob, processedOrder, seedConnectedStore, seedCoupon } from './order-fixtures';

describe('the reconciliation Schedule', function () {
  let p: Pipeline;
  let queues: ReturnType<typeof openQueues>;
  let temporal: { client: Client; close(): Promise<void> };

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    queues = openQueues(p.config);
    temporal = await connectTemporalClient(p.config.temporal);
  });
  after(async () => {
    await temporal?.client.schedule
      .getHandle(reconciliationScheduleId(p.config.temporal.taskQueue))
      .delete()
      .catch(() => undefined);
    await temporal?.close();
    await queues?.disconnect();
    await p?.stop();
  });

  /** One reconciliation run on the pipeline's task queue, as the Schedule starts it. */
  async function reconcile(input: ReconcileOrdersInput = {}): Promise<ReconciliationSummary> {
    return temporal.client.workflow.execute(workflowTypes.reconcileOrders, {
      taskQueue: p.config.temporal.taskQueue,
      workflowId: `reconcile-test-${randomString(10)}`,
      args: [{ settleSeconds: 2, ...input }],
    });
  }

  async function creditedStore(origin: string) {
    const store = await seedConnectedStore(p.db, origin);
    const code = `REC${randomString(6)}`;
    await seedCoupon(p.db, store, code);
    return { ...store, code };
  }

  const flags = (kind: string, orderId: string) => p.db('order_flags').where({ kind, order_id: orderId }).orderBy('integration_id').select();

  describe('when the worker has started', () => {
    it('has created it, every 10 minutes, skipping overlaps, running reconcileOrders', async () => {
      const handle = temporal.client.schedule.getHandle(reconciliationScheduleId(p.config.temporal.taskQueue));
      // A busy dev server can answer a describe with DEADLINE_EXCEEDED (seen once in CI): asked again.
      const described = await waitFor(() => handle.describe().catch(() => undefined), 'the reconciliation Schedule to be described');
      expect(described.spec.intervals?.map((i) => i.every)).to.deep.equal([10 * 60_000]);
      expect(described.policies.overlap).to.equal('SKIP');
      expect(described.action).to.include({ type: 'startWorkflow', workflowType: workflowTypes.reconcileOrders, taskQueue: p.config.temporal.taskQueue });
    });
  });

  describe('when a report was recorded but its workflow never started (the consumer crashed)', () => {
    it('re-drives it, and the order is credited once', async function () {
      this.timeout(60_000);
      const store = await creditedStore('https://stuck.example.com');
      const orderId = `STUCK-${randomString(8)}`;
      const receivedAt = new Date(Date.now() - 20 * 60_000).toISOString();
      const job = orderJob(store.integrationId, store.origin, { orderId, coupon: store.code, receivedAt });
      await recordOrderReport(p.db, orderReportOf(job));
      // Received 20 minutes ago: not yet stuck for a 30-minute threshold.
      // Re-driving is a signal-with-start inside the run: once it has returned, no workflow means not re-driven.
      const workflow = temporal.client.workflow.getHandle(orderWorkflowId(store.integrationId, orderId));
      await reconcile({ stuckAfterMinutes: 30 });
      expect(
        await workflow.describe().then(
          () => 'started',
          (err: Error) => err.name,
        ),
      ).to.equal('WorkflowNotFoundError');
      expect((await p.db('order_reports').where({ id: job.reportId }).first('outcome')).outcome).to.equal(null);

      await reconcile();
      expect((await workflow.describe()).status.name).to.be.oneOf(['RUNNING', 'COMPLETED']);
      const order = await processedOrder(p.db, store.integrationId, orderId, job.reportId);
      expect(order).to.include({ status: 'credited', creator_id: store.creatorId });
      expect((await p.db('order_reports').where({ id: job.reportId }).first('outcome')).outcome).to.equal('credited');

      // Re-driving it again is harmless: still one credited row, and the report is no longer stuck.
      await reconcile();
      const rows = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).select('status');
      expect(rows).to.deep.equal([{ status: 'credited' }]);
    });
  });

  describe('when a stuck report has a stored payload that cannot be re-driven (a poison row)', () => {
    it('marks it skipped as invalid_stored_report and re-drives the stuck reports beside it', async function () {
      this.timeout(60_000);
      const store = await creditedStore('https://poison.example.com');
      const receivedAt = new Date(Date.now() - 20 * 60_000).toISOString();
      const valid = [0, 1].map((n) =>
        orderJob(store.integrationId, store.origin, { orderId: `POISON-OK${n}-${randomString(8)}`, coupon: store.code, receivedAt }),
      );
      const poison = orderJob(store.integrationId, store.origin, { orderId: `POISON-${randomString(8)}`, coupon: store.code, receivedAt });
      await recordOrderReport(p.db, orderReportOf(valid[0]!));
      await recordOrderReport(p.db, orderReportOf(valid[1]!));
      await recordOrderReport(p.db, { ...orderReportOf(poison), payload: { reportId: poison.reportId, integrationId: store.integrationId, order: null } });

      // Before, the re-drive activity threw on the poison row on every attempt and the run failed, re-driving neither valid report.
      await reconcile({ stuckAfterMinutes: 10 });
      for (const job of valid) {
        const order = await processedOrder(p.db, store.integrationId, job.order.orderId, job.reportId);
        expect(order).to.include({ status: 'credited', creator_id: store.creatorId });
      }
      expect(await p.db('order_reports').where({ id: poison.reportId }).first('outcome', 'reason')).to.deep.equal({
        outcome: 'skipped',
        reason: 'invalid_stored_report',
      });
      // It is no longer stuck: the next run neither fails on it nor counts it.
      await reconcile({ stuckAfterMinutes: 10 });
      expect(await p.db('orders').where({ integration_id: store.integrationId, order_id: poison.order.orderId }).select('id')).to.deep.equal([]);
    });
  });

  describe('when a refund was stored but never reached its order workflow (Temporal was away)', () => {
    it('re-drives it, and it is applied once', async function () {
      this.timeout(60_000);
      const store = await creditedStore('https://stuck-refund.example.com');
      const orderId = `STUCKREFUND-${randomString(8)}`;
      await enqueueOrder(queues, orderJob(store.integrationId, store.origin, { orderId, coupon: store.code }));
      await processedOrder(p.db, store.integrationId, orderId);
      const refund = {
        workspaceId: store.workspaceId,
        integrationId: store.integrationId,
        orderId,
        refundId: `re_${randomString(6)}`,
        value: 5,
        currency: 'USD',
        source: 'admin' as const,
        receivedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      };
      await storeRefund(p.db, refund);

      await reconcile();
      await waitFor(
        async () => (await p.db('order_refunds').where({ integration_id: store.integrationId, refund_id: refund.refundId }).first('applied'))?.applied === true,
        'the refund applied',
      );
      await reconcile();
      // Had this run re-driven the refund again, the order's workflow would be applying it: once it has closed, it has not.
      await waitForWorkflowClosed(temporal.client, orderWorkflowId(store.integrationId, orderId));
      expect(await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).first('refunded_minor')).to.deep.equal({
        refunded_minor: '500',
      });
    });
  });

  describe('when a credited order is reported again with another value', () => {
    it('flags it changed_repeat once, however often reconciliation runs', async function () {
      this.timeout(60_000);
      const store = await creditedStore('https://repeat.example.com');
      const orderId = `REPEAT-${randomString(8)}`;
      const first = orderJob(store.integrationId, store.origin, { orderId, coupon: store.code });
      await enqueueOrder(queues, first);
      await processedOrder(p.db, store.integrationId, orderId, first.reportId);
      const same = orderJob(store.integrationId, store.origin, { orderId, coupon: store.code });
      const changed = orderJob(store.integrationId, store.origin, { orderId, order: { orderId, value: 99.99, currency: 'USD', coupon: store.code } });
      await enqueueOrder(queues, same);
      await enqueueOrder(queues, changed);
      await processedOrder(p.db, store.integrationId, orderId, same.reportId);
      await processedOrder(p.db, store.integrationId, orderId, changed.reportId);

      await reconcile();
      const [flag, ...more] = await flags('changed_repeat', orderId);
      expect(more).to.have.length(0);
      expect(flag).to.include({ workspace_id: store.workspaceId, integration_id: store.integrationId });
      expect(flag.details).to.deep.include({
        reportId: changed.reportId,
        reported: { valueMinor: 9999, currency: 'USD' },
        credited: { valueMinor: 2500, currency: 'USD' },
      });

      await reconcile();
      const again = await flags('changed_repeat', orderId);
      expect(again.map((f) => [f.id, f.created_at.getTime()])).to.deep.equal([[flag.id, flag.created_at.getTime()]]);
    });

    it('does not flag a repeat with the same value', async function () {
      this.timeout(60_000);
      const store = await creditedStore('https://same.example.com');
      const orderId = `SAME-${randomString(8)}`;
      const first = orderJob(store.integrationId, store.origin, { orderId, coupon: store.code });
      const second = orderJob(store.integrationId, store.origin, { orderId, coupon: store.code });
      await enqueueOrder(queues, first);
      await processedOrder(p.db, store.integrationId, orderId, first.reportId);
      await enqueueOrder(queues, second);
      await processedOrder(p.db, store.integrationId, orderId, second.reportId);
      await reconcile();
      expect(await p.db('order_flags').where({ order_id: orderId }).select()).to.have.length(0);
    });
  });

  describe('when the same order id is credited on two integrations of one workspace', () => {
    it('flags it cross_integration_duplicate on both', async function () {
      this.timeout(60_000);
      const store = await creditedStore('https://one.example.com');
      const otherOrigin = 'https://two.example.com';
      const otherId = newId('int');
      await p.db('integrations').insert({
        id: otherId,
        workspace_id: store.workspaceId,
        type: 'custom',
        website_url: otherOrigin,
        origin: otherOrigin,
        status: 'connected',
        connected_at: p.db.fn.now(),
      });
      const coupon = await p.db('coupons').where({ workspace_id: store.workspaceId }).first('id');
      await p.db('coupon_integrations').insert({ coupon_id: coupon.id, integration_id: otherId });
      const orderId = `TWICE-${randomString(8)}`;
      const here = orderJob(store.integrationId, store.origin, { orderId, coupon: store.code });
      const there = orderJob(otherId, otherOrigin, { orderId, coupon: store.code });
      await enqueueOrder(queues, here);
      await enqueueOrder(queues, there);
      expect(await processedOrder(p.db, store.integrationId, orderId, here.reportId)).to.include({ status: 'credited' });
      expect(await processedOrder(p.db, otherId, orderId, there.reportId)).to.include({ status: 'credited' });

      await reconcile();
      const raised = await waitFor(async () => {
        const rows = await flags('cross_integration_duplicate', orderId);
        return rows.length > 0 ? rows : undefined;
      }, 'the duplicate to be flagged');
      expect(raised.map((f) => f.integration_id).sort()).to.deep.equal([store.integrationId, otherId].sort());
      expect(raised.every((f) => f.workspace_id === store.workspaceId)).to.equal(true);
      expect(await flags('changed_repeat', orderId)).to.have.length(0);

      await reconcile();
      expect(await flags('cross_integration_duplicate', orderId)).to.have.length(2);
    });
  });
});
