import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { signingSecrets } from '../../core/webhooks/endpoints';
import { adminClient, expectError, expectFieldNamed } from '../admin-api/api-client';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { keyedIntegration, postAsServer, SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../ingest/server-harness';
import { sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { errorOf, rawRequest } from '../support/raw-http';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { waitFor } from '../support/wait-for';

const EVENTS_PATH = '/api/v1/integrations/custom/events';

/** `{"…":"M\xfcller"}`: Latin-1 bytes where UTF-8 was promised (what a wrongly configured client sends). */
function latin1Json(template: string): Buffer {
  return Buffer.concat(
    template.split('\u00fc').flatMap((part, i) => (i === 0 ? [Buffer.from(part, 'utf8')] : [Buffer.from([0xfc]), Buffer.from(part, 'utf8')])),
  );
}

/** Issue 33 items 4–7 and issue 29's forged cursor: what probing the running system from outside found, each refused or fixed. */
describe('probed from outside: input, exactly', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let store: ConnectedStore;
  let secret: string;
  let backing: Backing;

  before(async () => {
    p = await startPipeline({ config: { rateLimits: { beaconsPerMinute: 10_000, redirectsPerMinute: 10_000 } } });
    api = adminClient(p.adminUrl);
    store = await connectStore(p, `https://${randomString(8)}.example.com`);
    const { workspace_id: workspaceId } = await p.db('integrations').where({ id: store.integrationId }).first('workspace_id');
    ({ secret } = await keyedIntegration(p.db, workspaceId, `https://${randomString(8)}.example.com`));
    backing = openBacking(p.config);
  });
  after(async () => {
    await p?.stop();
    await backing?.close();
  });

  const order = (orderId: string, fields: Record<string, unknown> = {}) => ({
    id: store.integrationId,
    type: 'order',
    url: `${store.origin}/thanks`,
    order: { orderId, value: 20, currency: 'USD', ...fields },
  });

  describe('request bodies that are not valid UTF-8', () => {
    it('ingest refuses a beacon with 400 invalid_json instead of replacing the bytes, and queues nothing', async () => {
      const orderId = `M\u00fcller-${randomString(6)}`;
      const res = await rawRequest(p.ingestUrl, {
        method: 'POST',
        path: EVENTS_PATH,
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: store.origin },
        body: latin1Json(JSON.stringify(order(orderId))),
      });
      expect(res.status, res.text).to.equal(400);
      expect(errorOf(res)).to.deep.include({ code: 'invalid_json' });
      expect((errorOf(res) as { message: string }).message).to.include('UTF-8');
    });

    it('ingest refuses the store server’s order and refund alike', async () => {
      for (const [path, body] of [
        [SERVER_ORDERS_PATH, { orderId: 'M\u00fcller-1', value: 10, currency: 'USD' }],
        [SERVER_REFUNDS_PATH, { orderId: 'M\u00fcller-1', refundId: 'r-\u00fc', value: 1, currency: 'USD' }],
      ] as const) {
        const raw = await rawRequest(p.ingestUrl, {
          method: 'POST',
          path,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
          body: latin1Json(JSON.stringify(body)),
        });
        expect(raw.status, `${path}: ${raw.text}`).to.equal(400);
        expect(errorOf(raw)).to.deep.include({ code: 'invalid_json' });
      }
    });

    it('the admin API refuses it with 400 invalid_json, and creates nothing', async () => {
      const name = `M\u00fcller ${randomString(6)}`;
      const res = await rawRequest(p.adminUrl, {
        method: 'POST',
        path: '/api/v1/creators',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${store.token}` },
        body: latin1Json(JSON.stringify({ name })),
      });
      expect(res.status, res.text).to.equal(400);
      expect(errorOf(res)).to.deep.include({ code: 'invalid_json' });
      const creators = await api(store.token).get('/api/v1/creators?limit=100');
      expect(creators.body.data.map((c: { name: string }) => c.name.replace('\ufffd', '\u00fc'))).not.to.include(name);
    });

    it('the admin API still takes well-formed UTF-8, a byte-order mark and an empty body as before', async () => {
      const made = await api(store.token).post('/api/v1/creators', { name: 'Müller 🎉' });
      expect(made.status).to.equal(201);
      expect(made.body.name).to.equal('Müller 🎉');
      const withBom = await rawRequest(p.adminUrl, {
        method: 'POST',
        path: '/api/v1/creators',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${store.token}` },
        body: `\uFEFF${JSON.stringify({ name: 'Bom' })}`,
      });
      expect(withBom.status, withBom.text).to.equal(201);
      const empty = await rawRequest(p.adminUrl, {
        method: 'POST',
        path: '/api/v1/creators',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${store.token}` },
        body: '',
      });
      expect(empty.status, empty.text).to.equal(400);
      expect(errorOf(empty)).to.deep.include({ code: 'validation_failed' });
    });
  });

  describe('coupon codes, folded', () => {
    let couponCreatorId: string;
    before(async () => {
      couponCreatorId = (await api(store.token).post('/api/v1/creators', { name: 'Fold' })).body.id;
      const coupon = await api(store.token).post('/api/v1/coupons', { creatorId: couponCreatorId, code: 'AVA10', integrationIds: [store.integrationId] });
      expect(coupon.status, JSON.stringify(coupon.body)).to.equal(201);
      const kelvin = await api(store.token).post('/api/v1/coupons', { creatorId: couponCreatorId, code: 'KELVIN', integrationIds: [store.integrationId] });
      expect(kelvin.status).to.equal(201);
    });

    for (const [what, reported] of [
      ['fullwidth', 'ＡＶＡ10'],
      ['with a zero-width space inside', 'AVA\u200B10'],
      ['with a soft hyphen inside', 'ava\u00AD10'],
      ['with the Kelvin sign', '\u212AELVIN'],
    ] as const) {
      it(`credits a code reported ${what}`, async () => {
        const orderId = `FOLD-${randomString(8)}`;
        expect((await sendBeacon(p.ingestUrl, store.origin, order(orderId, { coupon: reported }))).status).to.equal(202);
        const credited = await orderOutcome(p, store, orderId);
        expect(credited).to.include({ status: 'credited', attributedBy: 'coupon', creatorId: couponCreatorId });
      });
    }

    it('answers 409 naming code for a second coupon that folds to the same code', async () => {
      for (const code of ['ａｖａ１０', 'AVA\u206010', 'Ava10']) {
        const res = await api(store.token).post('/api/v1/coupons', { creatorId: couponCreatorId, code, integrationIds: [] });
        expectFieldNamed(expectError(res, 409, 'conflict'), 'code');
      }
    });

    it('answers 400 naming code for a code of invisible characters only', async () => {
      const res = await api(store.token).post('/api/v1/coupons', { creatorId: couponCreatorId, code: '\u200B\u00AD', integrationIds: [] });
      expectFieldNamed(expectError(res, 400, 'validation_failed'), 'code');
    });
  });

  describe('pings from many origins', () => {
    it('keep at most 50 other origins, and the integration and Verify list 10 with the count', async () => {
      const created = await api(store.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: `https://${randomString(8)}.example.com` });
      const integrationId: string = created.body.id;
      const origins = Array.from({ length: 60 }, (_, i) => `https://o${i}-${randomString(5)}.example.net`);
      for (const origin of origins) {
        expect((await sendBeacon(p.ingestUrl, origin, { id: integrationId, type: 'ping', url: `${origin}/` })).status).to.equal(202);
      }
      const last = origins[origins.length - 1]!;
      await waitFor(
        async () => (await p.db('integration_signals').where({ integration_id: integrationId, origin: last }).first()) !== undefined,
        'the last ping recorded',
      );
      await waitFor(async () => {
        const counts = await backing.queues.pings.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      }, 'every ping recorded');
      const kept = await p.db('integration_signals').where({ integration_id: integrationId }).count<{ count: string }[]>('* as count');
      expect(Number(kept[0]!.count)).to.equal(50);

      const one = await api(store.token).get(`/api/v1/integrations/${integrationId}`);
      expect(one.status).to.equal(200);
      expect(one.body.originsSeen).to.have.length(10);
      expect(one.body.originsSeenCount).to.equal(50);
      expect(one.body.originsSeen[0].origin).to.equal(last);

      const verify = await api(store.token).post(`/api/v1/integrations/${integrationId}/verify`);
      expect(verify.status).to.equal(200);
      expect(verify.body).to.include({ status: 'pending', originsSeenCount: 50 });
      expect(verify.body.originsSeen).to.have.length(10);
    });
  });

  describe('smaller ones', () => {
    it('a second webhook secret rotation within 24 h keeps the first secret signing (three signatures)', async () => {
      const created = await api(store.token).post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['webhook.test'] });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const first: string = created.body.secret;
      const second = await api(store.token).post(`/api/v1/webhooks/${created.body.id}/rotate-secret`);
      const third = await api(store.token).post(`/api/v1/webhooks/${created.body.id}/rotate-secret`);
      expect(third.status).to.equal(200);
      const signing = await signingSecrets(p.db, p.config.webhooks.secretKey, created.body.id);
      expect(signing).to.deep.equal([third.body.secret, second.body.secret, first]);
      // At the first secret's own expiry (24 h after the first rotation) it stops; the newest still signs.
      const firstExpires = new Date(second.body.previousSecretExpiresAt);
      const atExpiry = await signingSecrets(p.db, p.config.webhooks.secretKey, created.body.id, firstExpires);
      expect(atExpiry).not.to.include(first);
      expect(atExpiry[0]).to.equal(third.body.secret);
      const fourth = await api(store.token).post(`/api/v1/webhooks/${created.body.id}/rotate-secret`);
      expect(await signingSecrets(p.db, p.config.webhooks.secretKey, created.body.id)).to.deep.equal([
        fourth.body.secret,
        third.body.secret,
        second.body.secret,
      ]);
    });

    it('the admin refund refuses less than one minor unit with 400 naming value', async () => {
      const orderId = `SMALL-${randomString(8)}`;
      await sendBeacon(p.ingestUrl, store.origin, order(orderId));
      const recorded = await orderOutcome(p, store, orderId);
      const res = await api(store.token).post(`/api/v1/orders/${recorded.id}/refunds`, { value: 0.001, currency: 'USD' });
      expectFieldNamed(expectError(res, 400, 'validation_failed'), 'value');
    });

    it('refuses dates that are not calendar dates and date-times without a zone, naming the field', async () => {
      expectFieldNamed(expectError(await api(store.token).get('/api/v1/orders?from=2026-02-30'), 400, 'validation_failed'), 'from');
      expectFieldNamed(expectError(await api(store.token).get('/api/v1/reports/creators?to=2026-11-24T10:00:00'), 400, 'validation_failed'), 'to');
      expectFieldNamed(expectError(await api(store.token).get('/api/v1/reports/overview?from=2025-02-29'), 400, 'validation_failed'), 'from');
      expect((await api(store.token).get('/api/v1/orders?from=2024-02-29&to=2026-11-24T10:00:00%2B01:00')).status).to.equal(200);
    });

    it('refuses a list cursor the API did not issue with 400 naming cursor, never a 500', async () => {
      const forged = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
      for (const cursor of [
        forged(['x 1', 'ord_abc']),
        forged(['2026-02-30 10:00:00+00', 'ord_abc']),
        forged(['2026-12-01 10:00:00+00', "ord_'; drop"]),
        forged(['2026-12-01 10:00:00+00']),
        'not-base64-json',
      ]) {
        expectFieldNamed(expectError(await api(store.token).get(`/api/v1/orders?cursor=${cursor}`), 400, 'validation_failed'), 'cursor');
      }
    });

    it('treats optional fields sent as null on the server API as absent', async () => {
      const orderId = `NULLS-${randomString(8)}`;
      const res = await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, secret, {
        orderId,
        value: 10,
        currency: 'USD',
        coupon: null,
        attribution: null,
        occurredAt: null,
      });
      expect(res.status, res.text).to.equal(202);
      const nested = await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, secret, {
        orderId: `${orderId}-2`,
        value: 10,
        currency: 'USD',
        attribution: { ref: null, itc: null },
      });
      expect(nested.status, nested.text).to.equal(202);
      const beacon = await sendBeacon(p.ingestUrl, store.origin, { ...order(`${orderId}-3`, { coupon: null }), attribution: null });
      expect(beacon.status, JSON.stringify(beacon.body)).to.equal(202);
    });

    it('ingest answers 404 and 405 as {"error":{"code","message"}}', async () => {
      const missing = await rawRequest(p.ingestUrl, { path: '/no/such/path' });
      expect(missing.status).to.equal(404);
      expect(errorOf(missing)).to.deep.include({ code: 'not_found' });
      const wrongMethod = await rawRequest(p.ingestUrl, { method: 'DELETE', path: EVENTS_PATH });
      expect(wrongMethod.status).to.equal(405);
      expect(errorOf(wrongMethod)).to.deep.include({ code: 'method_not_allowed' });
    });

    it('a too-large server order is not called a beacon', async () => {
      const res = await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, secret, { orderId: 'BIG', value: 1, currency: 'USD', note: 'x'.repeat(9000) });
      expect(res.status).to.equal(413);
      const error = errorOf(res) as { code: string; message: string };
      expect(error.code).to.equal('payload_too_large');
      expect(error.message).not.to.match(/beacon/i);
    });
  });
});
