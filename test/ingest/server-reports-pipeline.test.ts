import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../../core/public-paths';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { postAsServer } from './server-harness';
import { CHROME_USER_AGENT } from '../support/user-agents';

/** From the store server's request to the credited (and refunded) order: ingest, queue, consumer, workflow, PostgreSQL. */
describe("the store server's orders and refunds, end to end", function () {
  this.timeout(90_000);
  let p: Pipeline;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
  });
  after(async () => p?.stop());

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
    const rows = await waitFor(async () => {
      const found = await p
        .db('order_refunds')
        .where({ integration_id: store.integrationId, refund_id: refund.refundId })
        .select('applied', 'applied_minor', 'source');
      return found[0]?.applied === true ? found : undefined;
    }, 'the refund to be applied');
    expect(rows).to.deep.equal([{ applied: true, applied_minor: '2000', source: 'server' }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
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
});
