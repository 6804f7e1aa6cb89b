import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { commissionApprovalScheduleId } from '../../core/temporal';
import { connectTemporalClient } from '../../core/temporal-client';
import { adminClient, expectError } from '../admin-api/api-client';
import { startReceiver, type Receiver } from '../webhooks/receiver';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { waitFor } from '../support/wait-for';
import { enqueueOrder, openQueues, orderJob, seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

/**
 * Through the real services: orders credited by the order workflow get their commission in the
 * same transaction, refunds recompute or claw back, the approval Schedule approves, an Admin runs,
 * pays and cancels payouts, and every fact sends its webhook event.
 */
describe('commissions and payouts, through the order workflow and the admin API', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let queues: ReturnType<typeof openQueues>;
  let api: ReturnType<typeof adminClient>;
  let receiver: Receiver;
  let store: Awaited<ReturnType<typeof seedConnectedStore>> & { code: string };
  let memberToken: string;
  const origin = 'https://commissions.example.com';

  before(async function () {
    this.timeout(120_000);
    // A "day" of the hold lasts one second here; the API still speaks in days.
    p = await startPipeline({ config: { commissionDaySeconds: 1 } });
    queues = openQueues(p.config);
    api = adminClient(p.adminUrl);
    receiver = await startReceiver(() => ({ status: 204 }));
    const seeded = await seedConnectedStore(p.db, origin);
    const code = `COM${randomString(5)}`;
    await seedCoupon(p.db, seeded, code);
    store = { ...seeded, code };
    memberToken = (await api(store.token).post('/api/v1/members', { email: `member-${randomString(8)}@com.test`, role: 'member' })).body.token;
    const hook = await api(store.token).post('/api/v1/webhooks', {
      url: receiver.url,
      events: ['commission.created', 'commission.approved', 'commission.reversed', 'payout.created', 'payout.paid'],
    });
    expect(hook.status, JSON.stringify(hook.body)).to.equal(201);
  });
  after(async () => {
    await receiver?.close();
    await queues?.disconnect();
    await p?.stop();
  });

  const admin = () => api(store.token);
  const commissionsOf = async (orderRowId: string) => (await admin().get(`/api/v1/commissions?orderId=${orderRowId}`)).body.data as any[];
  const eventTypes = (id: string) =>
    receiver
      .events()
      .filter((e) => e.data?.id === id)
      .map((e) => e.type)
      .sort();

  async function creditedOrder(value: number, reports = 1): Promise<string> {
    const orderId = `COM-${randomString(8)}`;
    await Promise.all(
      Array.from({ length: reports }, () =>
        enqueueOrder(
          queues,
          orderJob(store.integrationId, origin, { orderId, coupon: store.code, order: { orderId, value, currency: 'EUR', coupon: store.code } }),
        ),
      ),
    );
    return waitFor(async () => {
      const row = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId, status: 'credited' }).first('id');
      const done = await p
        .db('order_reports')
        .where({ integration_id: store.integrationId, order_id: orderId })
        .whereNotNull('outcome')
        .count<{ count: string }[]>('* as count');
      return row && Number(done[0]!.count) === reports ? (row.id as string) : undefined;
    }, `order ${orderId} to be credited`);
  }

  async function refund(orderRowId: string, value: number): Promise<void> {
    const refundId = `rf-${randomString(8)}`;
    expect((await admin().post(`/api/v1/orders/${orderRowId}/refunds`, { refundId, value, currency: 'EUR' })).status).to.equal(202);
    await waitFor(
      async () => (await p.db('order_refunds').where({ refund_id: refundId }).whereNotNull('processed_at').first('id')) !== undefined,
      'the refund',
    );
  }

  async function approveNow(): Promise<void> {
    const temporal = await connectTemporalClient(p.config.temporal);
    try {
      await temporal.client.schedule.getHandle(commissionApprovalScheduleId(p.config.temporal.taskQueue)).trigger();
    } finally {
      await temporal.close();
    }
  }

  describe('the rules, set through the admin API', () => {
    it('refuses a bad rule, hold or minimum naming the field, and writes nothing', async () => {
      for (const body of [
        { commission: { type: 'percent', percent: 0 } },
        { commission: { type: 'percent', percent: 10.555 } },
        { commission: { type: 'flat', amounts: { JPY: 1.5 } } },
        { commissionHoldDays: 366 },
        { minimumPayout: { EUR: -1 } },
        { minimumPayout: { XXY: 1 } },
      ]) {
        const error = expectError(await admin().patch('/api/v1/workspace', body), 400, 'validation_failed');
        expect(error.message).to.match(new RegExp(Object.keys(body)[0]!));
      }
      expect((await admin().get('/api/v1/workspace')).body).to.include({ commission: null, commissionHoldDays: 30 });
    });

    it("lets a Member change a creator's name and e-mail but not its rule (403), nor the workspace's", async () => {
      const path = `/api/v1/creators/${store.creatorId}`;
      expect((await api(memberToken).patch(path, { email: 'noor@creators.test' })).body).to.include({ email: 'noor@creators.test', commission: null });
      expectError(await api(memberToken).patch(path, { commission: { type: 'percent', percent: 50 } }), 403, 'forbidden');
      expectError(await api(memberToken).post('/api/v1/creators', { name: 'X', commission: null }), 403, 'forbidden');
      expectError(await api(memberToken).patch('/api/v1/workspace', { commissionHoldDays: 0 }), 403, 'forbidden');
      expect((await admin().get(path)).body.commission).to.equal(null);
    });

    it('answers the effective rule: the workspace default until the creator has its own', async () => {
      const set = await admin().patch('/api/v1/workspace', { commission: { type: 'percent', percent: 10 }, commissionHoldDays: 2, minimumPayout: { EUR: 1 } });
      expect(set.body).to.include({ commissionHoldDays: 2 });
      expect(set.body.minimumPayout).to.deep.equal({ EUR: 1 });
      const creator = (await admin().get(`/api/v1/creators/${store.creatorId}`)).body;
      expect(creator).to.include({ commission: null });
      expect(creator.effectiveCommission).to.deep.equal({ type: 'percent', percent: 10 });
    });
  });

  describe('an order, its refunds, the approval and the payouts (the README example)', () => {
    let orderRowId: string;

    it('writes one pending commission for 50 reports of one order at once, with commission.created', async () => {
      orderRowId = await creditedOrder(80, 50);
      const [commission, ...rest] = await commissionsOf(orderRowId);
      expect(rest).to.have.length(0);
      expect(commission).to.include({ kind: 'sale', status: 'pending', amount: 8, currency: 'EUR', creatorId: store.creatorId, orderId: orderRowId });
      expect(commission.rule).to.deep.equal({ type: 'percent', percent: 10 });
      expect(new Date(commission.holdUntil).getTime()).to.be.greaterThan(new Date(commission.createdAt).getTime());
      const detail = await admin().get(`/api/v1/orders/${orderRowId}`);
      expect(detail.body.commissions.map((c: { id: string }) => c.id)).to.deep.equal([commission.id]);
      await waitFor(async () => eventTypes(commission.id).includes('commission.created') || undefined, 'commission.created');
    });

    it('recomputes the pending commission on a partial refund', async () => {
      await refund(orderRowId, 30);
      expect((await commissionsOf(orderRowId))[0]).to.include({ status: 'pending', amount: 5 });
    });

    it('is approved by the Schedule once its hold has ended, with commission.approved', async () => {
      await waitFor(async () => {
        await approveNow();
        const [c] = await commissionsOf(orderRowId);
        return c.status === 'approved' ? c : undefined;
      }, 'the approval');
      const [c] = await commissionsOf(orderRowId);
      await waitFor(async () => eventTypes(c.id).includes('commission.approved') || undefined, 'commission.approved');
    });

    let payoutId: string;
    it('pays it out to an Admin, not to a Member; CSV and the creator report agree', async () => {
      expectError(await api(memberToken).post('/api/v1/payouts', {}), 403, 'forbidden');
      const preview = await admin().get('/api/v1/payouts/preview');
      expect(preview.body.data).to.deep.equal([{ creatorId: store.creatorId, creatorName: 'Noor', currency: 'EUR', amount: 5, commissionCount: 1 }]);
      const run = await admin().post('/api/v1/payouts', {});
      expect(run.status).to.equal(201);
      expect(run.body.data).to.have.length(1);
      expect(run.body.data[0]).to.include({ creatorId: store.creatorId, amount: 5, commissionCount: 1, status: 'pending' });
      payoutId = run.body.data[0].id;
      expect((await admin().post('/api/v1/payouts', {})).body.data).to.deep.equal([]);
      const report = (await admin().get('/api/v1/reports/creators')).body.data.find((r: { creatorId: string }) => r.creatorId === store.creatorId);
      expect(report.commissionApproved).to.deep.equal({ EUR: 5 });

      expectError(await api(memberToken).post(`/api/v1/payouts/${payoutId}/paid`, {}), 403, 'forbidden');
      const paid = await admin().post(`/api/v1/payouts/${payoutId}/paid`, { reference: '=HYPERLINK("x")' });
      expect(paid.body).to.include({ status: 'paid', reference: '=HYPERLINK("x")' });
      expectError(await admin().post(`/api/v1/payouts/${payoutId}/cancel`), 409, 'conflict');
      expect((await commissionsOf(orderRowId))[0]).to.include({ status: 'paid', payoutId });
      const csv = await fetch(`${p.adminUrl}/api/v1/payouts?format=csv`, { headers: { Authorization: `Bearer ${store.token}` } });
      const text = await csv.text();
      expect(text.split('\r\n')[0]).to.equal('id,creatorId,creatorName,currency,amount,commissionCount,status,reference,createdAt,paidAt');
      expect(text).to.include(`"'=HYPERLINK(""x"")"`);
      await waitFor(async () => (eventTypes(payoutId).join() === 'payout.created,payout.paid' ? true : undefined), 'payout events');
      const reportCsv = await (await fetch(`${p.adminUrl}/api/v1/reports/creators?format=csv`, { headers: { Authorization: `Bearer ${store.token}` } })).text();
      expect(reportCsv.split('\r\n')[0]).to.include('commissionPaidEUR');
    });

    it('claws back a refund after payment, and the clawback goes into the next payout', async () => {
      await refund(orderRowId, 20);
      const clawback = (await commissionsOf(orderRowId)).find((c) => c.kind === 'clawback');
      expect(clawback).to.include({ status: 'approved', amount: -2, adjustsCommissionId: (await commissionsOf(orderRowId)).find((c) => c.kind === 'sale').id });
      const next = await creditedOrder(50);
      await waitFor(async () => {
        await approveNow();
        return (await commissionsOf(next))[0]?.status === 'approved' || undefined;
      }, 'the second order approved');
      const run = await admin().post('/api/v1/payouts', { currency: 'EUR' });
      expect(run.body.data[0]).to.include({ amount: 3, commissionCount: 2 });
      const detail = await admin().get(`/api/v1/payouts/${run.body.data[0].id}`);
      expect(detail.body.commissions.map((c: { kind: string }) => c.kind).sort()).to.deep.equal(['clawback', 'sale']);
      const canceled = await admin().post(`/api/v1/payouts/${run.body.data[0].id}/cancel`);
      expect(canceled.body.status).to.equal('canceled');
      expectError(await admin().post(`/api/v1/payouts/${run.body.data[0].id}/paid`, {}), 409, 'conflict');
      const again = await admin().post('/api/v1/payouts', {});
      expect(again.body.data[0]).to.include({ amount: 3, commissionCount: 2 });
    });

    it("answers another workspace's payout, creator and commissions as not found", async () => {
      const other = await seedConnectedStore(p.db, 'https://other-com.example.com');
      expectError(await api(other.token).get(`/api/v1/payouts/${payoutId}`), 404, 'not_found');
      expectError(await api(other.token).post(`/api/v1/payouts/${payoutId}/paid`, {}), 404, 'not_found');
      expectError(await api(other.token).get(`/api/v1/creators/${store.creatorId}`), 404, 'not_found');
      expect((await api(other.token).get(`/api/v1/commissions?orderId=${orderRowId}`)).body.data).to.deep.equal([]);
    });
  });
});
