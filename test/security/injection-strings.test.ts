import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { expectError } from '../admin-api/api-client';
import { requestJson, sendBeacon, type JsonResponse } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';

/** SQL that would drop or widen a query if it were ever concatenated, and markup that would run if it were ever rendered. */
const SQL = [
  "'; drop table orders; --",
  "' or 1=1 --",
  '"; delete from creators where ""="',
  '1); truncate api_tokens cascade; --',
  "Robert'); DROP TABLE links;--",
];
const SCRIPT = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "'-alert(1)-'",
  '{{constructor.constructor("alert(1)")()}}',
  '\u202e<svg onload=alert(1)>',
];
const HOSTILE = [...SQL, ...SCRIPT];

describe('SQL and script injection strings in every text field', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let store: ConnectedStore;
  let tablesBefore: string[];
  const api = (method: string, path: string, body?: unknown): Promise<JsonResponse> =>
    requestJson(`${p.adminUrl}${path}`, { method, token: store.token, body });
  const listAll = async (path: string) => (await api('GET', `${path}?limit=500`)).body.data as Record<string, unknown>[];

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    store = await connectStore(p, 'https://injection-shop.example.com');
    tablesBefore = (await p.db('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name')).sort();
  });
  after(async () => p?.stop());

  it('stores and returns creator names byte for byte, in the creator list and the report', async () => {
    for (const name of HOSTILE) {
      const created = await api('POST', '/api/v1/creators', { name });
      expect(created.status, name).to.equal(201);
      expect(created.body.name).to.equal(name);
      expect((await listAll('/api/v1/creators')).find((c) => c.id === created.body.id)?.name, name).to.equal(name);
      const report = await api('GET', '/api/v1/reports/creators');
      expect(report.body.data.find((r: { creatorId: string }) => r.creatorId === created.body.id)?.name, name).to.equal(name);
    }
  });

  it('stores and returns coupon codes byte for byte, and credits an order carrying one', async () => {
    for (const code of HOSTILE) {
      const created = await api('POST', '/api/v1/coupons', { creatorId: store.creatorId, code, integrationIds: [store.integrationId] });
      expect(created.status, `${code}: ${JSON.stringify(created.body)}`).to.equal(201);
      expect(created.body.code).to.equal(code);
      expect((await listAll('/api/v1/coupons')).find((c) => c.id === created.body.id)?.code).to.equal(code);
    }
    const orderId = `INJ-${randomString(6)}`;
    const sent = await sendBeacon(p.ingestUrl, store.origin, {
      id: store.integrationId,
      type: 'order',
      order: { orderId, value: 5, currency: 'EUR', coupon: SQL[1] },
    });
    expect(sent.status).to.equal(202);
    expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', attributedBy: 'coupon', couponCode: SQL[1] });
  });

  it('refuses them as link codes with 400, whose charset is letters, digits, - and _', async () => {
    for (const code of HOSTILE) {
      const refused = await api('POST', '/api/v1/links', { creatorId: store.creatorId, destinationUrl: `${store.origin}/`, code });
      expect(refused.status, code).to.equal(400);
    }
    expect(await p.db('links').whereIn('code', HOSTILE)).to.have.length(0);
  });

  it('keeps them in destination URLs only as the URL-encoded query or path of an http(s) URL, and the link redirects there', async () => {
    for (const text of HOSTILE) {
      const destinationUrl = `${store.origin}/landing/${text}?q=${text}`;
      const created = await api('POST', '/api/v1/links', { creatorId: store.creatorId, destinationUrl, integrationIds: [] });
      expect(created.status, `${text}: ${JSON.stringify(created.body)}`).to.equal(201);
      expect(created.body.destinationUrl).to.equal(new URL(destinationUrl).toString());
      expect(created.body.destinationUrl, 'markup characters and spaces are percent-encoded').to.not.match(/[<>" ]/);
      const followed = await requestJson(created.body.url);
      expect(followed.status).to.equal(302);
      expect(followed.headers.get('location')?.startsWith(`${store.origin}/landing/`), String(followed.headers.get('location'))).to.equal(true);
    }
  });

  it('refuses them as a destination or website URL that is not a plain http(s) URL, with 400', async () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      "'; drop table links; --",
      'vbscript:msgbox(1)',
    ]) {
      expectError(await api('POST', '/api/v1/links', { creatorId: store.creatorId, destinationUrl: text }), 400, 'invalid_destination_url');
    }
    for (const text of [...HOSTILE, `${store.origin}/<script>alert(1)</script>`, `${store.origin}/"onload="alert(1)`]) {
      expectError(await api('POST', '/api/v1/integrations', { type: 'custom', websiteUrl: text }), 400, 'invalid_website_url');
    }
  });

  it('stores and returns order ids byte for byte, and refuses them as a currency with 400', async () => {
    const coupon = await api('POST', '/api/v1/coupons', { creatorId: store.creatorId, code: `INJ-${randomString(6)}`, integrationIds: [store.integrationId] });
    for (const text of HOSTILE) {
      const orderId = `${text} ${randomString(4)}`;
      const sent = await sendBeacon(p.ingestUrl, store.origin, {
        id: store.integrationId,
        type: 'order',
        attribution: { ref: text, itc: text },
        order: { orderId, value: 7, currency: 'USD', coupon: coupon.body.code },
      });
      expect(sent.status, orderId).to.equal(202);
      expect(await orderOutcome(p, store, orderId), orderId).to.include({ orderId, status: 'credited' });
      const currency = await sendBeacon(p.ingestUrl, store.origin, {
        id: store.integrationId,
        type: 'order',
        order: { orderId: `C-${randomString(6)}`, value: 7, currency: text },
      });
      expectError(currency, 400, 'validation_failed');
    }
  });

  it('serves every answer carrying them as application/json with nosniff, never as HTML', async () => {
    for (const path of ['/api/v1/creators', '/api/v1/coupons', '/api/v1/links', '/api/v1/orders', '/api/v1/reports/creators']) {
      const response = await api('GET', path);
      expect(response.headers.get('content-type'), path).to.match(/^application\/json/);
      expect(response.headers.get('x-content-type-options'), path).to.equal('nosniff');
    }
    const conflict = await api('POST', '/api/v1/coupons', { creatorId: store.creatorId, code: SCRIPT[0], integrationIds: [] });
    expectError(conflict, 409, 'conflict');
    expect(conflict.headers.get('x-content-type-options')).to.equal('nosniff');
    const refusedBeacon = await fetch(`${p.ingestUrl}/api/v1/integrations/custom/events`, { method: 'POST', body: `{"id":"${SCRIPT[0]}"}` });
    expect(refusedBeacon.status).to.be.within(400, 499);
    expect(refusedBeacon.headers.get('x-content-type-options')).to.equal('nosniff');
  });

  it('refuses text with a lone surrogate rather than storing it altered', async () => {
    const response = await api('POST', '/api/v1/creators', { name: `Ava \ud800 Creator` });
    expectError(response, 400, 'validation_failed');
  });

  it('leaves every table in place and every count sane', async () => {
    const tablesAfter = (await p.db('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name')).sort();
    expect(tablesAfter).to.deep.equal(tablesBefore);
    expect(Number((await p.db('api_tokens').count({ n: '*' }).first())?.n)).to.be.greaterThan(0);
    expect((await api('GET', '/api/v1/orders')).status).to.equal(200);
    const creators = await listAll('/api/v1/creators');
    expect(creators.filter((c) => HOSTILE.includes(c.name as string))).to.have.length(HOSTILE.length);
  });
});
