import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';

/** Through the public interfaces only: the setting an Admin PATCHes is the one the order's workflow applies. */
describe('server confirmation, switched on through the admin API, holds a pixel order as pending', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let store: ConnectedStore;
  const origin = 'https://confirm-shop.example.com';

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    store = await connectStore(p, origin);
    const code = `WAIT-${randomString(4)}`;
    const coupon = await requestJson(`${p.adminUrl}/api/v1/coupons`, {
      token: store.token,
      body: { creatorId: store.creatorId, code, integrationIds: [store.integrationId] },
    });
    expect(coupon.status).to.equal(201);
    const patched = await requestJson(`${p.adminUrl}/api/v1/integrations/${store.integrationId}`, {
      method: 'PATCH',
      token: store.token,
      body: { requireServerConfirmation: true, confirmationWindowHours: 2 },
    });
    expect(patched.body).to.include({ requireServerConfirmation: true, confirmationWindowHours: 2 });
    const orderId = `W-${randomString(8)}`;
    const accepted = await sendBeacon(p.ingestUrl, origin, {
      id: store.integrationId,
      type: 'order',
      url: `${origin}/thanks`,
      order: { orderId, value: 42, currency: 'EUR', coupon: code },
    });
    expect(accepted.status).to.equal(202);
    pendingOrderId = orderId;
  });
  after(async () => p?.stop());
  let pendingOrderId: string;

  it('lists the order as pending, awaiting_confirmation, not confirmed, and filters it with status=pending', async () => {
    const order = await orderOutcome(p, store, pendingOrderId);
    expect(order).to.include({ status: 'pending', reason: 'awaiting_confirmation', confirmed: false, value: 42, refundedValue: 0, netValue: 42 });
    const pending = await requestJson(`${p.adminUrl}/api/v1/orders?status=pending&integrationId=${store.integrationId}`, { token: store.token });
    expect(pending.body.data.map((o: { orderId: string }) => o.orderId)).to.deep.equal([pendingOrderId]);
  });

  it("shows in the order's detail the pixel report it waits with, and the workflow that waits", async () => {
    const order = await orderOutcome(p, store, pendingOrderId);
    const detail = await requestJson(`${p.adminUrl}/api/v1/orders/${order.id}`, { token: store.token });
    expect(detail.body.workflowId).to.equal(`order/${store.integrationId}/${pendingOrderId}`);
    expect(detail.body.reports.map((r: { source: string; outcome: string; value: number }) => [r.source, r.outcome, r.value])).to.deep.equal([
      ['pixel', 'pending', 42],
    ]);
  });
});
