import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { DAY_MS, enqueueOrder, insertClick, openQueues, orderJob, processedOrder } from './order-fixtures';

describe('attribution rules, on the real Temporal workflow', function () {
  let p: Pipeline;
  let store: ConnectedStore;
  let workspaceId: string;
  let queues: ReturnType<typeof openQueues>;
  const origin = 'https://rules.example.com';
  const nextOrderId = () => `RULES-${randomString(10)}`;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    queues = openQueues(p.config);
    store = await connectStore(p, origin);
    workspaceId = (await p.db('integrations').where({ id: store.integrationId }).first('workspace_id')).workspace_id;
  });
  after(async () => {
    await queues?.disconnect();
    await p?.stop();
  });

  async function newCreator(name: string): Promise<string> {
    const created = await requestJson(`${p.adminUrl}/api/v1/creators`, { token: store.token, body: { name } });
    expect(created.status).to.equal(201);
    return created.body.id;
  }

  async function newLink(creatorId: string, integrationIds = [store.integrationId]): Promise<{ id: string; code: string; workspaceId: string }> {
    const created = await requestJson(`${p.adminUrl}/api/v1/links`, {
      token: store.token,
      body: { creatorId, destinationUrl: `${origin}/landing`, integrationIds },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return { id: created.body.id, code: created.body.code, workspaceId };
  }

  async function newCoupon(creatorId: string, code: string, integrationIds = [store.integrationId]) {
    const created = await requestJson(`${p.adminUrl}/api/v1/coupons`, { token: store.token, body: { creatorId, code, integrationIds } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
  }

  function beacon(orderId: string, extra: { coupon?: string; attribution?: Record<string, unknown> } = {}) {
    const { coupon, attribution } = extra;
    return {
      id: store.integrationId,
      type: 'order',
      url: `${origin}/thanks`,
      order: { orderId, value: 40, currency: 'EUR', ...(coupon ? { coupon } : {}) },
      attribution,
    };
  }

  describe('when the order has both an enabled coupon and a fresh click of another creator', () => {
    it('credits the coupon creator: the coupon beats the link', async () => {
      const couponCreator = await newCreator('Coupon creator');
      const linkCreator = await newCreator('Link creator');
      const code = `BEATS${randomString(4)}`;
      await newCoupon(couponCreator, code);
      const link = await newLink(linkCreator);
      const itc = await insertClick(p.db, link, new Date(Date.now() - 60_000));
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { coupon: code.toLowerCase(), attribution: { ref: link.code, itc, ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', attributedBy: 'coupon', creatorId: couponCreator });
    });
  });

  describe('when the click id names a click of an enabled link', () => {
    it('credits the link creator and keeps the click on the order', async () => {
      const creator = await newCreator('Clicked');
      const link = await newLink(creator);
      const other = await newLink(await newCreator('Named by ref'));
      const itc = await insertClick(p.db, link, new Date(Date.now() - 5 * DAY_MS));
      const orderId = nextOrderId();
      // The click id decides; a ref naming another link does not.
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { attribution: { ref: other.code, itc, ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', attributedBy: 'link', creatorId: creator, linkId: link.id });
      expect(await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).first('click_id')).to.deep.equal({ click_id: itc });
    });
  });

  describe('when the click id is unknown', () => {
    it('falls back to the ref code of an enabled link', async () => {
      const creator = await newCreator('Ref only');
      const link = await newLink(creator);
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { attribution: { ref: link.code, itc: 'clk_neverrecorded', ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', attributedBy: 'link', creatorId: creator, linkId: link.id });
      expect((await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).first('click_id')).click_id).to.equal(null);
    });
  });

  describe('when the click id is known but the click is older than the attribution window', () => {
    it('does not credit the order, even though the ref names an enabled link', async () => {
      const link = await newLink(await newCreator('Expired'));
      const itc = await insertClick(p.db, link, new Date(Date.now() - 31 * DAY_MS));
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { attribution: { ref: link.code, itc, ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'skipped', reason: 'unattributable' });
    });
  });

  describe('when the click is at the edge of the 30-day window', () => {
    const receivedAt = new Date('2026-11-20T12:00:00.000Z');

    it('credits a click exactly 30 days old', async () => {
      const creator = await newCreator('Edge in');
      const link = await newLink(creator);
      const itc = await insertClick(p.db, link, new Date(receivedAt.getTime() - 30 * DAY_MS));
      const job = orderJob(store.integrationId, origin, { orderId: nextOrderId(), attribution: { itc }, receivedAt: receivedAt.toISOString() });
      await enqueueOrder(queues, job);
      const order = await processedOrder(p.db, store.integrationId, job.order.orderId, job.reportId);
      expect(order).to.include({ status: 'credited', attributed_by: 'link', creator_id: creator, click_id: itc });
    });

    it('does not credit a click 30 days and 1 second old', async () => {
      const link = await newLink(await newCreator('Edge out'));
      const itc = await insertClick(p.db, link, new Date(receivedAt.getTime() - 30 * DAY_MS - 1000));
      const job = orderJob(store.integrationId, origin, { orderId: nextOrderId(), attribution: { itc }, receivedAt: receivedAt.toISOString() });
      await enqueueOrder(queues, job);
      const order = await processedOrder(p.db, store.integrationId, job.order.orderId, job.reportId);
      expect(order).to.include({ status: 'skipped', reason: 'unattributable', creator_id: null });
    });
  });

  describe('when the link or coupon does not have this integration enabled', () => {
    it('does not credit through a click of a link enabled nowhere', async () => {
      const link = await newLink(await newCreator('Not enabled'), []);
      const itc = await insertClick(p.db, link, new Date(Date.now() - 60_000));
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { attribution: { ref: link.code, itc, ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'skipped', reason: 'unattributable' });
    });

    it('does not credit through the ref of a link enabled only on another integration', async () => {
      const elsewhere = await connectStore(p, 'https://elsewhere.example.com', store.token);
      const link = await newLink(await newCreator('Elsewhere'), [elsewhere.integrationId]);
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { attribution: { ref: link.code, ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'skipped', reason: 'unattributable' });
    });

    it('credits through the same link once the integration is enabled on it', async () => {
      const creator = await newCreator('Enabled later');
      const link = await newLink(creator, []);
      const patched = await requestJson(`${p.adminUrl}/api/v1/links/${link.id}`, {
        method: 'PATCH',
        token: store.token,
        body: { integrationIds: [store.integrationId] },
      });
      expect(patched.status).to.equal(200);
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { attribution: { ref: link.code, ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', attributedBy: 'link', creatorId: creator });
    });

    it('does not credit through a coupon enabled nowhere, and the link still credits', async () => {
      const code = `OFF${randomString(4)}`;
      await newCoupon(await newCreator('Coupon off'), code, []);
      const linkCreator = await newCreator('Link on');
      const link = await newLink(linkCreator);
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, beacon(orderId, { coupon: code, attribution: { ref: link.code, ts: Date.now() } }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', attributedBy: 'link', creatorId: linkCreator });
    });
  });
});
