import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { orderWorkflowId } from '../../core/temporal';
import { connectTemporalClient } from '../../core/temporal-client';
import { SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../../core/public-paths';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { recordedReports } from '../support/order-rows';
import { waitFor, waitForQueueDrained, waitForWorkflowClosed } from '../support/wait-for';
import { openQueues } from '../workflows/order-fixtures';
import { postAsServer } from './server-harness';
import { CHROME_USER_AGENT } from '../support/user-agents';

/** From the store server's request to the credited (and refunded) order: ingest, queue, consumer, workflow, PostgreSQL. */
describe("the store server's orders and refunds, end to end", function () {
  this.timeout(90_000);
  let p: Pipeline;
  let queues: ReturnType<typeof openQueues>;
  let temporal: Awaited<ReturnType<typeof connectTemporalClient>>;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    queues = openQueues(p.config);
    temporal = await connectTemporalClient(p.config.temporal);
  });
  after(async () => {
    await queues?.disconnect();
    await temporal?.close();
    await p?.stop();
  });

  async function keyOf(store: { token: string; integrationId: string }): Promise<string> {
    const created = await requestJson(`${p.adminUrl}/api/v1/integrations/${store.integrationId}/keys`, { token: store.token, body: { name: 'checkout' } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body.key;
  }
  async function couponFor(store: ConnectedStore): Promise<string> {
    const code = `SRV${randomString(6).toUpperCase()}`;
    const coupon = await requestJson(`${p.adminUrl}/api/v1/coupons`, {
      token: store.token,
      body: { creatorId: store.creatorId, code, integrationIds: [store.integrationId] },
    });
    expect(coupon.status).to.equal(201);
    return code;
  }
  const orderRow = (integrationId: string, orderId: string) => p.db('orders').where({ integration_id: integrationId, order_id: orderId }).first();

  it("credits a server order to the coupon's creator, confirmed, with the server's value", async () => {
    const store = await connectStore(p, 'https://e2e-server.example.com');
    const [key, coupon] = await Promise.all([keyOf(store), couponFor(store)]);
    const orderId = `E2E-${randomString(8)}`;
    const res = await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, { orderId, value: 64.9, currency: 'usd', coupon: coupon.toLowerCase() });
    expect(res.status, res.text).to.equal(202);
    expect(await orderOutcome(p, store, orderId)).to.include({
      status: 'credited',
      creatorId: store.creatorId,
      attributedBy: 'coupon',
      value: 64.9,
      currency: 'USD',
    });
    expect(await orderRow(store.integrationId, orderId)).to.include({ confirmed: true });
    const report = await p.db('order_reports').where({ integration_id: store.integrationId, order_id: orderId }).first('source', 'origin');
    expect(report).to.deep.equal({ source: 'server', origin: null });
  });

  it("credits a server order by the pixel's click id it forwarded (attribution.itc)", async () => {
    const store = await connectStore(p, 'https://e2e-itc.example.com');
    const key = await keyOf(store);
    const link = await requestJson(`${p.adminUrl}/api/v1/links`, {
      token: store.token,
      body: { creatorId: store.creatorId, destinationUrl: `${store.origin}/`, integrationIds: [store.integrationId] },
    });
    const landing = await fetch(link.body.url, { redirect: 'manual', headers: { 'user-agent': CHROME_USER_AGENT } });
    const itc = new URL(landing.headers.get('location') ?? '').searchParams.get('itc');
    expect(itc).to.be.a('string');
    await waitFor(async () => p.db('clicks').where({ id: itc }).first(), 'the click to be recorded');
    const orderId = `E2E-ITC-${randomString(8)}`;
    expect((await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, { orderId, value: 10, currency: 'EUR', attribution: { itc } })).status).to.equal(202);
    expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', creatorId: store.creatorId, attributedBy: 'link' });
  });

  it('refunds part of a server order through ingest, applied once however often it is sent', async () => {
    const store = await connectStore(p, 'https://e2e-refund.example.com');
    const [key, coupon] = await Promise.all([keyOf(store), couponFor(store)]);
    const orderId = `E2E-RF-${randomString(8)}`;
    await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, { orderId, value: 50, currency: 'USD', coupon });
    await orderOutcome(p, store, orderId);
    const refund = { orderId, refundId: `re_${randomString(6)}`, value: 20, currency: 'USD' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => postAsServer(p.ingestUrl, SERVER_REFUNDS_PATH, key, refund)));
    expect(answers.map((a) => a.status)).to.deep.equal([202, 202, 202, 202, 202]);
    // All five deliveries have signalled the order's workflow, and it has handled each and closed.
    await waitForQueueDrained(queues.refunds);
    await waitForWorkflowClosed(temporal.client, orderWorkflowId(store.integrationId, orderId));
    const rows = await p
      .db('order_refunds')
      .where({ integration_id: store.integrationId, refund_id: refund.refundId })
      .select('applied', 'applied_minor', 'source');
    expect(rows).to.deep.equal([{ applied: true, applied_minor: '2000', source: 'server' }]);
    expect(await orderRow(store.integrationId, orderId)).to.include({ refunded_minor: '2000', value_minor: '5000' });
  });

  it("records a pending integration's server order as skipped not_connected, like the pixel's", async () => {
    const store = await connectStore(p, 'https://e2e-owner.example.com');
    const pending = await requestJson(`${p.adminUrl}/api/v1/integrations`, {
      token: store.token,
      body: { type: 'custom', websiteUrl: 'https://e2e-pending.example.com' },
    });
    const key = await keyOf({ token: store.token, integrationId: pending.body.id });
    const orderId = `E2E-PEND-${randomString(8)}`;
    expect((await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, { orderId, value: 5, currency: 'USD' })).status).to.equal(202);
    expect(await orderOutcome(p, { token: store.token, integrationId: pending.body.id }, orderId)).to.include({ status: 'skipped', reason: 'not_connected' });
  });

  it("never touches another integration's order of the same id: each key reaches its own integration only", async () => {
    const a = await connectStore(p, 'https://e2e-a.example.com');
    const b = await connectStore(p, 'https://e2e-b.example.com');
    const [keyA, couponB] = await Promise.all([keyOf(a), couponFor(b)]);
    const orderId = `E2E-SHARED-${randomString(8)}`;
    expect(
      (await sendBeacon(p.ingestUrl, b.origin, { id: b.integrationId, type: 'order', order: { orderId, value: 80, currency: 'USD', coupon: couponB } })).status,
    ).to.equal(202);
    await orderOutcome(p, b, orderId);
    await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, keyA, { orderId, value: 1, currency: 'JPY' });
    await postAsServer(p.ingestUrl, SERVER_REFUNDS_PATH, keyA, { orderId, refundId: 're_cross', value: 80, currency: 'USD' });
    expect(await orderOutcome(p, a, orderId)).to.include({ status: 'skipped', reason: 'unattributable' });
    await waitFor(
      async () => (await p.db('order_refunds').where({ integration_id: a.integrationId, refund_id: 're_cross' }).first())?.processed_at,
      'the refund processed',
    );
    expect(await orderRow(b.integrationId, orderId)).to.include({
      status: 'credited',
      confirmed: false,
      value_minor: '8000',
      currency: 'USD',
      refunded_minor: '0',
    });
    expect(await p.db('order_refunds').where({ integration_id: b.integrationId }).first()).to.equal(undefined);
  });

  describe('probed from outside: money and attribution (issue 33)', () => {
    const reported = (store: ConnectedStore, orderId: string) => recordedReports(p.db, store.integrationId, orderId);
    async function reportAsServer(key: string, store: ConnectedStore, body: Record<string, unknown> & { orderId: string }, reportsBefore: number) {
      expect((await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, body)).status).to.equal(202);
      await waitFor(async () => (await reported(store, body.orderId)).length > reportsBefore, `report ${reportsBefore + 1} of ${body.orderId} recorded`);
    }
    async function orderDetail(store: ConnectedStore, orderId: string) {
      const listed = await orderOutcome(p, store, orderId);
      return (await requestJson(`${p.adminUrl}/api/v1/orders/${listed.id}`, { token: store.token })).body;
    }
    const refundsOf = (detail: { refunds: { refundId: string; applied: boolean; appliedValue: number; reason: string | null }[] }) =>
      detail.refunds.map((r) => [r.refundId, r.applied, r.appliedValue, r.reason]);

    it('a repeat server report re-decides the refunds: 10 USD refunded 8, then 5 USD, then 1 JPY, never a negative net anywhere', async () => {
      const store = await connectStore(p, 'https://e2e-repeat-money.example.com');
      const [key, coupon] = await Promise.all([keyOf(store), couponFor(store)]);
      const orderId = `E2E-NET-${randomString(8)}`;
      await reportAsServer(key, store, { orderId, value: 10, currency: 'USD', coupon }, 0);
      const refundId = `re_${randomString(6)}`;
      expect((await postAsServer(p.ingestUrl, SERVER_REFUNDS_PATH, key, { orderId, refundId, value: 8, currency: 'USD' })).status).to.equal(202);
      await waitFor(
        async () => (await p.db('order_refunds').where({ integration_id: store.integrationId, refund_id: refundId }).first())?.processed_at,
        'the refund applied',
      );
      expect(await orderOutcome(p, store, orderId)).to.include({ value: 10, refundedValue: 8, netValue: 2, currency: 'USD' });

      await reportAsServer(key, store, { orderId, value: 5, currency: 'USD', coupon }, 1);
      const atFive = await orderDetail(store, orderId);
      expect(atFive).to.include({ value: 5, refundedValue: 5, netValue: 0, currency: 'USD', creatorId: store.creatorId });
      expect(refundsOf(atFive)).to.deep.equal([[refundId, true, 5, 'exceeds_order_value']]);

      await reportAsServer(key, store, { orderId, value: 1, currency: 'JPY', coupon }, 2);
      const inYen = await orderDetail(store, orderId);
      expect(inYen).to.include({ value: 1, refundedValue: 0, netValue: 1, currency: 'JPY' });
      expect(refundsOf(inYen)).to.deep.equal([[refundId, false, 0, 'currency_mismatch']]);
      const creators = await requestJson(`${p.adminUrl}/api/v1/reports/creators`, { token: store.token });
      expect(creators.body.data.find((r: { creatorId: string }) => r.creatorId === store.creatorId)).to.deep.include({
        revenue: { JPY: 1 },
        refunded: { JPY: 0 },
        netRevenue: { JPY: 1 },
      });
      const csv = await requestJson(`${p.adminUrl}/api/v1/reports/creators?format=csv`, { token: store.token });
      expect(String(csv.body)).to.not.match(/,-\d/);
      const overview = await requestJson(`${p.adminUrl}/api/v1/reports/overview`, { token: store.token });
      expect(overview.body.revenue).to.deep.equal([{ currency: 'JPY', gross: 1, refunded: 0, net: 1 }]);

      // Back in dollars, the refund refused as currency_mismatch is looked at again, and fits.
      await reportAsServer(key, store, { orderId, value: 10, currency: 'USD', coupon }, 3);
      const back = await orderDetail(store, orderId);
      expect(back).to.include({ value: 10, refundedValue: 8, netValue: 2, currency: 'USD' });
      expect(refundsOf(back)).to.deep.equal([[refundId, true, 8, null]]);
    });

    it("a forged beacon (spoofed Origin, value 0, another creator's coupon) cannot keep the order: the server's report moves it, flagged", async () => {
      const store = await connectStore(p, 'https://e2e-forged.example.com');
      const [key, coupon] = await Promise.all([keyOf(store), couponFor(store)]);
      const mallory = (await requestJson(`${p.adminUrl}/api/v1/creators`, { token: store.token, body: { name: 'Mallory' } })).body.id as string;
      const forgedCoupon = `MAL${randomString(6).toUpperCase()}`;
      const created = await requestJson(`${p.adminUrl}/api/v1/coupons`, {
        token: store.token,
        body: { creatorId: mallory, code: forgedCoupon, integrationIds: [store.integrationId] },
      });
      expect(created.status).to.equal(201);
      const orderId = `E2E-NEXT-${randomString(8)}`;
      // Not a browser: any client can write the store's Origin header.
      const forged = await sendBeacon(p.ingestUrl, store.origin, {
        id: store.integrationId,
        type: 'order',
        order: { orderId, value: 0, currency: 'USD', coupon: forgedCoupon },
      });
      expect(forged.status).to.equal(202);
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', creatorId: mallory });

      await reportAsServer(key, store, { orderId, value: 120, currency: 'USD', coupon }, 1);
      const detail = await orderDetail(store, orderId);
      expect(detail).to.include({ status: 'credited', creatorId: store.creatorId, attributedBy: 'coupon', value: 120, currency: 'USD', confirmed: true });
      expect(detail.flags.map((f: { kind: string; details: object }) => [f.kind, f.details])).to.deep.equal([
        [
          'attribution_overridden',
          { orderRowId: detail.id, previousCreatorId: mallory, previousAttributedBy: 'coupon', creatorId: store.creatorId, attributedBy: 'coupon' },
        ],
      ]);
      const flags = await requestJson(`${p.adminUrl}/api/v1/flags?kind=attribution_overridden&integrationId=${store.integrationId}`, { token: store.token });
      expect(flags.body.data.map((f: { orderId: string; kind: string }) => [f.kind, f.orderId])).to.deep.equal([['attribution_overridden', orderId]]);
      expect((await reported(store, orderId)).map((r) => [r.source, r.outcome])).to.deep.equal([
        ['pixel', 'credited'],
        ['server', 'credited'],
      ]);

      // A pixel report never moves it back.
      await sendBeacon(p.ingestUrl, store.origin, {
        id: store.integrationId,
        type: 'order',
        order: { orderId, value: 0, currency: 'USD', coupon: forgedCoupon },
      });
      await waitFor(async () => (await reported(store, orderId)).length === 3, 'the second beacon recorded');
      expect(await orderDetail(store, orderId)).to.include({ creatorId: store.creatorId, value: 120 });
    });

    describe('commissions follow the order (issues 27 and 33)', () => {
      type Commission = { creatorId: string; kind: string; status: string; amount: number; currency: string; rule: object };
      const commissionsOf = async (store: ConnectedStore, orderId: string) =>
        ((await orderDetail(store, orderId)).commissions as Commission[]).map((c) => [c.creatorId, c.kind, c.status, c.amount, c.currency]);
      async function setRules(store: ConnectedStore, holdDays: number, creatorRule?: object) {
        const workspace = { commission: { type: 'percent', percent: 10 }, commissionHoldDays: holdDays };
        expect((await requestJson(`${p.adminUrl}/api/v1/workspace`, { method: 'PATCH', token: store.token, body: workspace })).status).to.equal(200);
        if (!creatorRule) return;
        const creator = await requestJson(`${p.adminUrl}/api/v1/creators/${store.creatorId}`, {
          method: 'PATCH',
          token: store.token,
          body: { commission: creatorRule },
        });
        expect(creator.status, JSON.stringify(creator.body)).to.equal(200);
      }
      /** A beacon any client can forge (the store's Origin, Mallory's coupon), credited to Mallory; then the store's server reports the order. */
      async function forgedThenServer(
        store: ConnectedStore,
        beaconValue: number,
      ): Promise<{ orderId: string; mallory: string; key: string; coupon: string; forgedCoupon: string }> {
        const [key, coupon] = await Promise.all([keyOf(store), couponFor(store)]);
        const mallory = (await requestJson(`${p.adminUrl}/api/v1/creators`, { token: store.token, body: { name: 'Mallory' } })).body.id as string;
        const forgedCoupon = `MAL${randomString(6).toUpperCase()}`;
        await requestJson(`${p.adminUrl}/api/v1/coupons`, {
          token: store.token,
          body: { creatorId: mallory, code: forgedCoupon, integrationIds: [store.integrationId] },
        });
        const orderId = `E2E-COM-${randomString(8)}`;
        const beacon = { id: store.integrationId, type: 'order', order: { orderId, value: beaconValue, currency: 'USD', coupon: forgedCoupon } };
        expect((await sendBeacon(p.ingestUrl, store.origin, beacon)).status).to.equal(202);
        expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', creatorId: mallory });
        return { orderId, mallory, key, coupon, forgedCoupon };
      }

      it("a forged beacon's pending commission moves to the server's creator, under that creator's rule", async () => {
        const store = await connectStore(p, 'https://e2e-com-moved.example.com');
        await setRules(store, 30, { type: 'percent', percent: 20 });
        const { orderId, mallory, key, coupon } = await forgedThenServer(store, 0);
        expect(await commissionsOf(store, orderId)).to.deep.equal([[mallory, 'sale', 'pending', 0, 'USD']]);

        await reportAsServer(key, store, { orderId, value: 120, currency: 'USD', coupon }, 1);
        expect(await commissionsOf(store, orderId)).to.deep.equal([[store.creatorId, 'sale', 'pending', 24, 'USD']]);
        const mallorys = await requestJson(`${p.adminUrl}/api/v1/commissions?creatorId=${mallory}`, { token: store.token });
        expect(mallorys.body.data).to.deep.equal([]);
      });

      it("after approval: a clawback for the forged beacon's creator and a new sale for the server's", async () => {
        const store = await connectStore(p, 'https://e2e-com-clawed.example.com');
        await setRules(store, 0);
        const { orderId, mallory, key, coupon, forgedCoupon } = await forgedThenServer(store, 50);
        expect(await commissionsOf(store, orderId)).to.deep.equal([[mallory, 'sale', 'approved', 5, 'USD']]);

        await reportAsServer(key, store, { orderId, value: 120, currency: 'USD', coupon }, 1);
        // One transaction: listed in either order.
        expect(await commissionsOf(store, orderId)).to.have.deep.members([
          [mallory, 'sale', 'approved', 5, 'USD'],
          [mallory, 'clawback', 'approved', -5, 'USD'],
          [store.creatorId, 'sale', 'approved', 12, 'USD'],
        ]);
        const preview = await requestJson(`${p.adminUrl}/api/v1/payouts/preview`, { token: store.token });
        expect(preview.body.data.map((r: { creatorId: string; amount: number }) => [r.creatorId, r.amount])).to.deep.equal([[store.creatorId, 12]]);

        // A second forged beacon moves nothing back.
        await sendBeacon(p.ingestUrl, store.origin, {
          id: store.integrationId,
          type: 'order',
          order: { orderId, value: 50, currency: 'USD', coupon: forgedCoupon },
        });
        await waitFor(async () => (await reported(store, orderId)).length === 3, 'the second beacon recorded');
        expect(await commissionsOf(store, orderId)).to.have.length(3);
      });

      it('a repeat server report changing the value of a refunded order recomputes the pending commission on the net value', async () => {
        const store = await connectStore(p, 'https://e2e-com-net.example.com');
        await setRules(store, 30);
        const [key, coupon] = await Promise.all([keyOf(store), couponFor(store)]);
        const orderId = `E2E-COM-NET-${randomString(8)}`;
        await reportAsServer(key, store, { orderId, value: 10, currency: 'USD', coupon }, 0);
        const refundId = `re_${randomString(6)}`;
        expect((await postAsServer(p.ingestUrl, SERVER_REFUNDS_PATH, key, { orderId, refundId, value: 8, currency: 'USD' })).status).to.equal(202);
        await waitFor(async () => (await commissionsOf(store, orderId))[0]?.[3] === 0.2, 'the commission on 2 USD net');

        await reportAsServer(key, store, { orderId, value: 20, currency: 'USD', coupon }, 1);
        expect(await commissionsOf(store, orderId)).to.deep.equal([[store.creatorId, 'sale', 'pending', 1.2, 'USD']]);
        await reportAsServer(key, store, { orderId, value: 5, currency: 'USD', coupon }, 2);
        expect(await commissionsOf(store, orderId)).to.deep.equal([[store.creatorId, 'sale', 'reversed', 0, 'USD']]);
        await reportAsServer(key, store, { orderId, value: 10, currency: 'USD', coupon }, 3);
        expect(await commissionsOf(store, orderId)).to.deep.equal([[store.creatorId, 'sale', 'pending', 0.2, 'USD']]);
      });
    });
  });
});
