import { expect } from 'chai';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { CHROME_USER_AGENT } from '../support/user-agents';

describe('an order beacon, from ingest through BullMQ and Temporal to PostgreSQL', function () {
  let p: Pipeline;
  let store: ConnectedStore;
  const origin = 'https://shop.example.com';
  let seq = 0;
  const nextOrderId = () => `ORDER-${Date.now()}-${++seq}`;
  const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
    id: store.integrationId,
    type: 'order',
    url: `${origin}/thanks`,
    order: { orderId, value: 79, currency: 'usd', ...extra },
  });

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    store = await connectStore(p, origin);
  });
  after(async () => p?.stop());

  describe('when the order carries a coupon enabled on this integration', () => {
    it('is credited to the coupon creator, in minor units of an upper-case currency', async () => {
      const coupon = await requestJson(`${p.adminUrl}/api/v1/coupons`, {
        token: store.token,
        body: { creatorId: store.creatorId, code: 'AVA10', integrationIds: [store.integrationId] },
      });
      expect(coupon.status).to.equal(201);
      const orderId = nextOrderId();
      const accepted = await sendBeacon(p.ingestUrl, origin, order(orderId, { coupon: ' ava10 ', value: 79.99 }));
      expect(accepted.status).to.equal(202);

      const credited = await orderOutcome(p, store, orderId);
      expect(credited).to.include({ status: 'credited', attributedBy: 'coupon', creatorId: store.creatorId, currency: 'USD', value: 79.99 });
      const row = await p.db('orders').where({ order_id: orderId }).first('value_minor');
      expect(Number(row.value_minor)).to.equal(7999);
    });
  });

  describe('when the shopper landed through a tracking link', () => {
    it('redirects to the stored destination with ref and itc, and credits the order to the link creator', async () => {
      const link = await requestJson(`${p.adminUrl}/api/v1/links`, {
        token: store.token,
        body: { creatorId: store.creatorId, destinationUrl: `${origin}/spring?utm_source=ava`, integrationIds: [store.integrationId] },
      });
      expect(link.status).to.equal(201);
      const redirect = await fetch(link.body.url, { redirect: 'manual', headers: { 'user-agent': CHROME_USER_AGENT } });
      expect(redirect.status).to.equal(302);
      const location = new URL(redirect.headers.get('location') ?? '');
      expect(location.origin + location.pathname).to.equal(`${origin}/spring`);
      expect(location.searchParams.get('utm_source')).to.equal('ava');
      expect(location.searchParams.get('ref')).to.equal(link.body.code);
      const itc = location.searchParams.get('itc') ?? '';
      await waitFor(() => p.db('clicks').where({ id: itc }).first(), 'the click to be recorded');

      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, { ...order(orderId), attribution: { ref: link.body.code, itc, ts: Date.now() } });
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', attributedBy: 'link', creatorId: store.creatorId });
    });
  });

  describe('when the same order is reported many times at once', () => {
    it('credits it exactly once and records every other report as a duplicate', async () => {
      await requestJson(`${p.adminUrl}/api/v1/coupons`, {
        token: store.token,
        body: { creatorId: store.creatorId, code: 'STORM', integrationIds: [store.integrationId] },
      });
      const orderId = nextOrderId();
      const answers = await Promise.all(Array.from({ length: 8 }, () => sendBeacon(p.ingestUrl, origin, order(orderId, { coupon: 'STORM' }))));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(8).fill(202));

      const reports = await waitFor(
        async () => {
          const rows = await p.db('order_reports').where({ order_id: orderId }).whereNotNull('outcome').select('outcome');
          return rows.length === 8 ? rows : undefined;
        },
        'all eight reports to be processed',
        60_000,
      );
      expect(reports.filter((r) => r.outcome === 'credited')).to.have.length(1);
      expect(reports.filter((r) => r.outcome === 'duplicate')).to.have.length(7);
      const orders = await p.db('orders').where({ order_id: orderId, integration_id: store.integrationId });
      expect(orders).to.have.length(1);
    });
  });

  describe('when nothing explains the order', () => {
    it('is recorded as skipped: unattributable', async () => {
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, order(orderId, { coupon: 'NOBODY' }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'skipped', reason: 'unattributable' });
    });
  });

  describe('when the coupon exists but this integration is not enabled on it', () => {
    it('does not credit the order', async () => {
      await requestJson(`${p.adminUrl}/api/v1/coupons`, { token: store.token, body: { creatorId: store.creatorId, code: 'NOTENABLED', integrationIds: [] } });
      const orderId = nextOrderId();
      await sendBeacon(p.ingestUrl, origin, order(orderId, { coupon: 'NOTENABLED' }));
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'skipped', reason: 'unattributable' });
    });
  });

  describe('when the beacon comes from another origin', () => {
    it('is refused with 403 origin_mismatch and nothing is queued', async () => {
      const orderId = nextOrderId();
      const refused = await sendBeacon(p.ingestUrl, 'http://www.shop.example.com', order(orderId));
      expect(refused.status).to.equal(403);
      expect(refused.body.error.code).to.equal('origin_mismatch');
      // An accepted order sent after it is recorded: the queue has drained past the refused one.
      const after = nextOrderId();
      expect((await sendBeacon(p.ingestUrl, store.origin, order(after))).status).to.equal(202);
      await orderOutcome(p, store, after);
      expect(await p.db('order_reports').where({ order_id: orderId })).to.have.length(0);
    });
  });

  describe('when the integration was not verified yet', () => {
    it('records the order as skipped: not_connected', async () => {
      const pending = await requestJson(`${p.adminUrl}/api/v1/integrations`, {
        token: store.token,
        body: { type: 'custom', websiteUrl: 'https://pending.example.com/' },
      });
      expect(pending.body.status).to.equal('pending');
      const orderId = nextOrderId();
      const accepted = await sendBeacon(p.ingestUrl, 'https://pending.example.com', {
        id: pending.body.id,
        type: 'order',
        order: { orderId, value: 5, currency: 'EUR' },
      });
      expect(accepted.status).to.equal(202);
      expect(await orderOutcome(p, { token: store.token, integrationId: pending.body.id }, orderId)).to.include({ status: 'skipped', reason: 'not_connected' });
    });
  });

  describe('when the integration was disconnected', () => {
    it('refuses new orders at the edge and keeps past orders in the list', async () => {
      const other = await connectStore(p, 'https://closing.example.com', store.token);
      await requestJson(`${p.adminUrl}/api/v1/coupons`, {
        token: store.token,
        body: { creatorId: other.creatorId, code: 'CLOSING', integrationIds: [other.integrationId] },
      });
      const before = nextOrderId();
      await sendBeacon(p.ingestUrl, other.origin, {
        id: other.integrationId,
        type: 'order',
        order: { orderId: before, value: 10, currency: 'USD', coupon: 'CLOSING' },
      });
      expect(await orderOutcome(p, other, before)).to.include({ status: 'credited' });

      const disconnected = await requestJson(`${p.adminUrl}/api/v1/integrations/${other.integrationId}/disconnect`, { method: 'POST', token: store.token });
      expect(disconnected.body).to.deep.equal({ id: other.integrationId, status: 'disconnected' });
      const refused = await waitFor(
        async () => {
          const answer = await sendBeacon(p.ingestUrl, other.origin, {
            id: other.integrationId,
            type: 'order',
            order: { orderId: nextOrderId(), value: 10, currency: 'USD' },
          });
          return answer.status === 409 ? answer : undefined;
        },
        'ingest to see the disconnection',
        10_000,
      );
      expect(refused.body.error.code).to.equal('integration_disconnected');
      expect(await orderOutcome(p, other, before)).to.include({ status: 'credited' });
    });
  });
});
