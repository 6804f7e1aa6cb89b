import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import { newId, randomString } from '../../core/domain/ids';
import type { OrderJob, RefundJob } from '../../core/queues';
import { orderWorkflowId } from '../../core/temporal';
import { connectTemporalClient } from '../../core/temporal-client';
import { startWorker, type RunningWorker } from '../../workflows/start-worker';
import { recordedReports } from '../support/order-rows';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { waitFor, waitForQueueDrained, waitForWorkflowClosed } from '../support/wait-for';
import { enqueueOrder, openQueues, orderJob, refundJob, seedConnectedStore, seedCoupon } from './order-fixtures';

/**
 * The order workflow with the store's server in it: server reports, confirmation waits and
 * refunds, on the real queue, Temporal and PostgreSQL. One "hour" of a confirmation window is
 * one second here (CONFIRMATION_HOUR_SECONDS=1); the API keeps hours.
 */
describe('the order workflow with server reports and refunds', function () {
  let p: Pipeline;
  let worker: RunningWorker;
  let queues: ReturnType<typeof openQueues>;
  let temporal: Awaited<ReturnType<typeof connectTemporalClient>>;
  const origin = 'https://server-truth.example.com';

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false, config: { confirmationHourSeconds: 1 } });
    worker = await startWorker(p.config, p.log);
    queues = openQueues(p.config);
    temporal = await connectTemporalClient(p.config.temporal);
  });
  after(async () => {
    await queues?.disconnect();
    await temporal?.close();
    await worker?.close();
    await p?.stop();
  });

  async function store(options: { requireServerConfirmation?: boolean; confirmationWindowHours?: number } = {}) {
    const seeded = await seedConnectedStore(p.db, origin);
    await p
      .db('integrations')
      .where({ id: seeded.integrationId })
      .update({ require_server_confirmation: options.requireServerConfirmation ?? false, confirmation_window_hours: options.confirmationWindowHours ?? 72 });
    const code = `TRUTH${randomString(5)}`;
    await seedCoupon(p.db, seeded, code);
    return { ...seeded, code };
  }

  const serverJob = (integrationId: string, fields: Partial<OrderJob> & { orderId: string; coupon?: string }): OrderJob => ({
    ...orderJob(integrationId, origin, fields),
    source: 'server',
    origin: null,
  });

  async function refund(s: { workspaceId: WorkspaceId; integrationId: string }, orderId: string, fields: Partial<RefundJob> = {}): Promise<RefundJob> {
    const job = refundJob(s, orderId, fields);
    await queues.refunds.add('refund', job, { jobId: newId('rfd') });
    return job;
  }

  const orderRow = (integrationId: string, orderId: string) => p.db('orders').where({ integration_id: integrationId, order_id: orderId }).first();
  const reportOutcomes = (integrationId: string, orderId: string) => recordedReports(p.db, integrationId, orderId);

  describe('when the pixel and the store server report one order at the same moment', () => {
    it('credits it once and keeps the server value and currency', async function () {
      this.timeout(60_000);
      const s = await store();
      const orderId = `BOTH-${randomString(8)}`;
      const pixel = orderJob(s.integrationId, origin, { orderId, coupon: s.code });
      pixel.order.value = 25;
      const server = serverJob(s.integrationId, { orderId });
      server.order = { orderId, value: 31.5, currency: 'EUR', coupon: undefined };
      await Promise.all([enqueueOrder(queues, pixel), enqueueOrder(queues, server)]);

      const outcomes = await waitFor(async () => {
        const rows = await reportOutcomes(s.integrationId, orderId);
        return rows.length === 2 ? rows : undefined;
      }, 'both reports processed');
      expect(outcomes.filter((r) => r.outcome === 'credited')).to.have.length(1);
      const order = await orderRow(s.integrationId, orderId);
      expect(order).to.include({ status: 'credited', creator_id: s.creatorId, confirmed: true, currency: 'EUR', value_minor: '3150' });
    });
  });

  describe('when a server report comes after a credited pixel report', () => {
    it("replaces the value, confirms the order, and moves it to the creator of the server's own coupon, flagged", async function () {
      this.timeout(60_000);
      const s = await store();
      const orderId = `LATER-${randomString(8)}`;
      const pixel = orderJob(s.integrationId, origin, { orderId, coupon: s.code });
      await enqueueOrder(queues, pixel);
      await waitFor(async () => (await orderRow(s.integrationId, orderId))?.status === 'credited', 'the pixel credit');
      const otherCreator = (
        await p
          .db('creators')
          .insert({ id: newId('cre'), workspace_id: s.workspaceId, name: 'Other' })
          .returning('id')
      )[0].id;
      const otherCode = `OTHER${randomString(5)}`;
      await seedCoupon(p.db, { ...s, creatorId: otherCreator }, otherCode);
      const server = serverJob(s.integrationId, { orderId, coupon: otherCode });
      server.order.value = 19.99;
      await enqueueOrder(queues, server);

      await waitFor(async () => (await orderRow(s.integrationId, orderId))?.confirmed === true, 'the server report');
      expect(await orderRow(s.integrationId, orderId)).to.include({
        status: 'credited',
        creator_id: otherCreator,
        coupon_code: otherCode,
        value_minor: '1999',
      });
      expect((await reportOutcomes(s.integrationId, orderId)).map((r) => [r.source, r.outcome])).to.deep.equal([
        ['pixel', 'credited'],
        ['server', 'credited'],
      ]);
      const flags = await p.db('order_flags').where({ integration_id: s.integrationId, order_id: orderId }).select('kind', 'details');
      expect(flags).to.have.length(1);
      expect(flags[0]).to.deep.include({ kind: 'attribution_overridden' });
      expect(flags[0].details).to.include({ previousCreatorId: s.creatorId, creatorId: otherCreator });

      // A later pixel report never moves it back.
      await enqueueOrder(queues, orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      await waitFor(async () => (await reportOutcomes(s.integrationId, orderId)).length === 3, 'the third report');
      expect(await orderRow(s.integrationId, orderId)).to.include({ creator_id: otherCreator });
    });
  });

  describe('when the store requires server confirmation', () => {
    it('keeps a pixel order pending until the server reports it, then credits the pixel attribution at the server value', async function () {
      this.timeout(60_000);
      const s = await store({ requireServerConfirmation: true, confirmationWindowHours: 30 });
      const orderId = `CONFIRM-${randomString(8)}`;
      await enqueueOrder(queues, orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      const pending = await waitFor(async () => {
        const row = await orderRow(s.integrationId, orderId);
        return row?.status === 'pending' ? row : undefined;
      }, 'the pending order');
      expect(pending).to.include({ reason: 'awaiting_confirmation', creator_id: s.creatorId, confirmed: false });
      expect(pending.confirmation_deadline).to.be.instanceOf(Date);

      const server = serverJob(s.integrationId, { orderId });
      server.order.value = 40;
      await enqueueOrder(queues, server);
      const credited = await waitFor(async () => {
        const row = await orderRow(s.integrationId, orderId);
        return row?.status === 'credited' ? row : undefined;
      }, 'the confirmed credit');
      expect(credited).to.include({
        reason: null,
        creator_id: s.creatorId,
        attributed_by: 'coupon',
        confirmed: true,
        value_minor: '4000',
        confirmation_deadline: null,
      });
      expect((await reportOutcomes(s.integrationId, orderId)).map((r) => [r.source, r.outcome])).to.deep.equal([
        ['pixel', 'pending'],
        ['server', 'credited'],
      ]);
    });

    it('skips the order as not_confirmed when the window ends without the server', async function () {
      this.timeout(60_000);
      const s = await store({ requireServerConfirmation: true, confirmationWindowHours: 2 });
      const orderId = `NEVER-${randomString(8)}`;
      await enqueueOrder(queues, orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      await waitFor(async () => (await orderRow(s.integrationId, orderId))?.status === 'pending', 'the pending order');
      const skipped = await waitFor(
        async () => {
          const row = await orderRow(s.integrationId, orderId);
          return row?.status === 'skipped' ? row : undefined;
        },
        'the window to end',
        30_000,
      );
      expect(skipped).to.include({ reason: 'not_confirmed', confirmed: false });
    });

    it('credits a server-only order straight away with its own attribution', async function () {
      this.timeout(60_000);
      const s = await store({ requireServerConfirmation: true });
      const orderId = `SERVERONLY-${randomString(8)}`;
      await enqueueOrder(queues, serverJob(s.integrationId, { orderId, coupon: s.code }));
      await waitFor(async () => (await orderRow(s.integrationId, orderId))?.status === 'credited', 'the server-only credit');
      expect(await orderRow(s.integrationId, orderId)).to.include({ creator_id: s.creatorId, confirmed: true });
    });
  });

  describe('refunds', () => {
    async function creditedOrder(value = 50) {
      const s = await store();
      const orderId = `REFUND-${randomString(8)}`;
      const job = orderJob(s.integrationId, origin, { orderId, coupon: s.code });
      job.order.value = value;
      await enqueueOrder(queues, job);
      await waitFor(async () => (await orderRow(s.integrationId, orderId))?.status === 'credited', 'the credit');
      return { s, orderId };
    }
    const refundRows = (integrationId: string, orderId: string) =>
      p
        .db('order_refunds')
        .where({ integration_id: integrationId, order_id: orderId })
        .orderBy('received_at')
        .select('refund_id', 'applied', 'applied_minor', 'reason');

    it('applies the same refund id sent 20 times at once exactly once', async function () {
      this.timeout(60_000);
      const { s, orderId } = await creditedOrder();
      const first = await refund(s, orderId, { refundId: 're_same', value: 12 });
      await Promise.all(Array.from({ length: 19 }, () => refund(s, orderId, { ...first })));
      // All twenty have signalled the order's workflow, and it has handled each of them and closed.
      await waitForQueueDrained(queues.refunds);
      await waitForWorkflowClosed(temporal.client, orderWorkflowId(s.integrationId, orderId));
      expect(await refundRows(s.integrationId, orderId)).to.deep.equal([{ refund_id: 're_same', applied: true, applied_minor: '1200', reason: null }]);
      expect(await orderRow(s.integrationId, orderId)).to.include({ refunded_minor: '1200' });
    });

    it('applies refunds up to the order value, and keeps why the rest was not applied', async function () {
      this.timeout(60_000);
      const { s, orderId } = await creditedOrder(50);
      await refund(s, orderId, { refundId: 're_1', value: 30, receivedAt: new Date(Date.now() - 2000).toISOString() });
      await waitFor(async () => (await refundRows(s.integrationId, orderId))[0]?.applied === true, 'the first refund');
      await refund(s, orderId, { refundId: 're_2', value: 30 });
      await refund(s, orderId, { refundId: 're_3', value: 5, currency: 'EUR', receivedAt: new Date(Date.now() + 1000).toISOString() });
      await waitFor(async () => (await refundRows(s.integrationId, orderId)).filter((r) => r.applied !== null).length === 3, 'all three refunds');
      expect(await refundRows(s.integrationId, orderId)).to.deep.equal([
        { refund_id: 're_1', applied: true, applied_minor: '3000', reason: null },
        { refund_id: 're_2', applied: true, applied_minor: '2000', reason: 'exceeds_order_value' },
        { refund_id: 're_3', applied: false, applied_minor: '0', reason: 'currency_mismatch' },
      ]);
      expect(await orderRow(s.integrationId, orderId)).to.include({ refunded_minor: '5000', value_minor: '5000' });
    });

    it('keeps a refund that arrives before its order and applies it when the order is recorded', async function () {
      this.timeout(60_000);
      const s = await store();
      const orderId = `EARLY-${randomString(8)}`;
      await refund(s, orderId, { refundId: 're_early', value: 5 });
      await waitFor(async () => (await refundRows(s.integrationId, orderId))[0]?.reason === 'awaiting_order', 'the refund to wait');
      expect((await refundRows(s.integrationId, orderId))[0]).to.include({ applied: null });

      await enqueueOrder(queues, orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      await waitFor(async () => (await refundRows(s.integrationId, orderId))[0]?.applied === true, 'the refund applied with the order');
      expect(await orderRow(s.integrationId, orderId)).to.include({ status: 'credited', refunded_minor: '500' });
    });
  });

  describe('when the worker stops while an order waits for confirmation', () => {
    it('loses nothing: a new worker credits it once when the server confirms', async function () {
      this.timeout(90_000);
      const s = await store({ requireServerConfirmation: true, confirmationWindowHours: 60 });
      const orderId = `RESTART-${randomString(8)}`;
      await enqueueOrder(queues, orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      await waitFor(async () => (await orderRow(s.integrationId, orderId))?.status === 'pending', 'the pending order');

      await worker.close();
      const server = serverJob(s.integrationId, { orderId });
      await enqueueOrder(queues, server);
      // The server's report has reached the order's workflow (its second signal) while no worker runs: nothing may credit it yet.
      const workflow = temporal.client.workflow.getHandle(orderWorkflowId(s.integrationId, orderId));
      const signalledReports = async () =>
        ((await workflow.fetchHistory()).events ?? []).map((e) =>
          Buffer.from(e.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data ?? []).toString(),
        );
      await waitFor(async () => (await signalledReports()).some((input) => input.includes(server.reportId)), "the server's report signalled");
      expect(await orderRow(s.integrationId, orderId)).to.include({ status: 'pending' });
      worker = await startWorker(p.config, p.log, { schedules: false });

      await waitFor(async () => (await orderRow(s.integrationId, orderId))?.status === 'credited', 'the credit after the restart');
      const outcomes = await reportOutcomes(s.integrationId, orderId);
      expect(outcomes.map((r) => r.outcome)).to.deep.equal(['pending', 'credited']);
    });
  });
});
