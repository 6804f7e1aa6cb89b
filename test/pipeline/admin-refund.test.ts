import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { waitFor } from '../support/wait-for';

/** Through the public interfaces only: a pixel order is credited, then an Admin refunds it from the admin API. */
describe("an Admin's refund, from the admin API through the order's workflow to the order and the report", function () {
  this.timeout(120_000);
  let p: Pipeline;
  let store: ConnectedStore;
  const origin = 'https://refund-shop.example.com';

  const admin = (path: string, body?: unknown) => requestJson(`${p.adminUrl}${path}`, { token: store.token, body });

  async function creditedOrder(value: number): Promise<{ id: string; orderId: string }> {
    const orderId = `R-${randomString(10)}`;
    const accepted = await sendBeacon(p.ingestUrl, origin, {
      id: store.integrationId,
      type: 'order',
      url: `${origin}/thanks`,
      order: { orderId, value, currency: 'eur', coupon: code },
    });
    expect(accepted.status).to.equal(202);
    const credited = await orderOutcome(p, store, orderId);
    expect(credited).to.include({ status: 'credited', value, refundedValue: 0, netValue: value });
    return { id: credited.id, orderId };
  }

  async function detailOnceProcessed(orderRowId: string, refunds: number) {
    return waitFor(async () => {
      const detail = await admin(`/api/v1/orders/${orderRowId}`);
      const processed = detail.body.refunds?.filter((r: { applied: boolean | null }) => r.applied !== null) ?? [];
      return processed.length === refunds ? detail.body : undefined;
    }, `${refunds} refund(s) to be processed`);
  }

  let code: string;
  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    store = await connectStore(p, origin);
    code = `CLAW-${randomString(4)}`;
    const coupon = await admin('/api/v1/coupons', { creatorId: store.creatorId, code, integrationIds: [store.integrationId] });
    expect(coupon.status).to.equal(201);
  });
  after(async () => p?.stop());

  it('lowers the credited order to its net value, and the creator report shows refunded and netRevenue', async () => {
    const order = await creditedOrder(80);
    const queued = await admin(`/api/v1/orders/${order.id}/refunds`, { refundId: 'partial-1', value: 30, currency: 'EUR' });
    expect(queued.status).to.equal(202);
    const detail = await detailOnceProcessed(order.id, 1);
    expect(detail).to.include({ status: 'credited', value: 80, refundedValue: 30, netValue: 50 });
    expect(detail.refunds).to.deep.include({
      refundId: 'partial-1',
      source: 'admin',
      value: 30,
      currency: 'EUR',
      applied: true,
      appliedValue: 30,
      reason: null,
      receivedAt: detail.refunds[0].receivedAt,
    });
    expect(detail.reports.map((r: { source: string; outcome: string }) => [r.source, r.outcome])).to.deep.equal([['pixel', 'credited']]);
    const listed = await orderOutcome(p, store, order.orderId);
    expect(listed).to.include({ refundedValue: 30, netValue: 50 });
    const report = await admin('/api/v1/reports/creators');
    const row = report.body.data.find((r: { creatorId: string }) => r.creatorId === store.creatorId);
    expect(row.revenue.EUR).to.be.at.least(80);
    expect(row.refunded.EUR).to.be.at.least(30);
    expect(row.netRevenue.EUR).to.equal(row.revenue.EUR - row.refunded.EUR);
  });

  it('applies no more than the order is worth, not a refund in another currency, and the same refundId once', async () => {
    const order = await creditedOrder(20);
    for (const body of [
      { refundId: 'too-much', value: 25, currency: 'EUR' },
      { refundId: 'dollars', value: 5, currency: 'USD' },
      { refundId: 'too-much', value: 25, currency: 'EUR' },
    ]) {
      expect((await admin(`/api/v1/orders/${order.id}/refunds`, body)).status).to.equal(202);
    }
    const detail = await detailOnceProcessed(order.id, 2);
    expect(detail).to.include({ refundedValue: 20, netValue: 0 });
    const outcomes = detail.refunds.map((r: { refundId: string; applied: boolean; appliedValue: number; reason: string | null }) => [
      r.refundId,
      r.applied,
      r.appliedValue,
      r.reason,
    ]);
    expect(outcomes).to.deep.equal([
      ['too-much', true, 20, 'exceeds_order_value'],
      ['dollars', false, 0, 'currency_mismatch'],
    ]);
  });
});
