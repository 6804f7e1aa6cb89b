import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import type { Config } from '../../core/config';
import { createLogger } from '../../core/logger';
import type { OrderJob } from '../../core/queues';
import { createIntegrationKey, revokeIntegrationKey } from '../../core/repositories/integration-keys';
import { disconnectIntegration } from '../../core/repositories/integrations';
import { startIngest } from '../../ingest/start-ingest';
import { errorOf, rawRequest } from '../support/raw-http';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { openBacking, queuedReports, type Backing } from './ingest-harness';
import { SERVER_ORDERS_PATH, announceIntegrationChange, keyedIntegration, postAsServer, type KeyedIntegration } from './server-harness';

const ORIGIN = 'https://server-shop.example.com';
const silent = createLogger({ level: 'silent', name: 'test' });

describe("ingest, the store server's orders (POST /api/v1/integrations/custom/orders)", function () {
  let config: Config;
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let backing: Backing;
  let workspaceId: WorkspaceId;
  let store: KeyedIntegration;
  let seq = 0;
  const nextOrderId = () => `SRV-${Date.now()}-${++seq}`;
  const order = (overrides: Record<string, unknown> = {}) => ({ orderId: nextOrderId(), value: 120.5, currency: 'eur', ...overrides });
  const reportsOf = async (integrationId: string): Promise<OrderJob[]> =>
    (await queuedReports(backing.queues)).filter((r) => r.integrationId === integrationId);
  const queuedOrderIds = async (): Promise<string[]> => (await queuedReports(backing.queues)).map((r) => r.order.orderId);

  before(async () => {
    config = testConfig();
    ingest = await startIngest(config, silent, 0);
    backing = openBacking(config);
    ({ workspaceId } = await newWorkspace(backing.db));
    store = await keyedIntegration(backing.db, workspaceId, ORIGIN);
  });
  after(async () => {
    await ingest?.close();
    await backing?.close();
  });

  describe('with a valid key', () => {
    it("queues the order for the key's integration as a server report (no origin), with the beacon's normalisation, and answers 202 with its reportId", async () => {
      const occurredAt = '2026-11-30T09:15:00+01:00';
      const body = { orderId: '  SRV-A1  ', value: 120.5, currency: 'eur', coupon: ' AVA10 ', attribution: { itc: 'clk_abc', ref: 'ava' }, occurredAt };
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, body);
      expect(res.status, res.text).to.equal(202);
      const answer = JSON.parse(res.text);
      expect(Object.keys(answer)).to.deep.equal(['status', 'reportId']);
      expect(answer.status).to.equal('queued');
      expect(answer.reportId).to.match(/^rpt_[0-9a-z]{20}$/);
      const [job] = (await reportsOf(store.integration.id)).filter((r) => r.reportId === answer.reportId);
      expect(job).to.deep.include({ integrationId: store.integration.id, source: 'server', origin: null, occurredAt: '2026-11-30T08:15:00.000Z' });
      expect(job?.order).to.deep.equal({ orderId: 'SRV-A1', value: 120.5, currency: 'EUR', coupon: 'AVA10' });
      expect(job?.attribution).to.deep.equal({ itc: 'clk_abc', ref: 'ava' });
      expect(Date.parse(job?.receivedAt ?? '')).to.be.closeTo(Date.now(), 60_000);
    });

    it('queues an order without coupon, attribution or occurredAt with none of them in the job', async () => {
      const body = order();
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, body);
      expect(res.status, res.text).to.equal(202);
      const job = (await reportsOf(store.integration.id)).find((r) => r.order.orderId === body.orderId);
      expect(job).to.not.have.any.keys('attribution', 'occurredAt', 'pageUrl');
      expect(job?.order).to.deep.equal({ orderId: body.orderId, value: 120.5, currency: 'EUR' });
    });

    it("queues a pending (unverified) integration's order too: the workflow's verify gate decides, as for the pixel", async () => {
      const pending = await keyedIntegration(backing.db, workspaceId, 'https://pending-server-shop.example.com', 'pending');
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, pending.secret, order());
      expect(res.status, res.text).to.equal(202);
      expect(await reportsOf(pending.integration.id)).to.have.length(1);
    });

    it("never reaches another integration: an integration id in the body is ignored, the job is the key's", async () => {
      const other = await keyedIntegration(backing.db, workspaceId, 'https://other-server-shop.example.com');
      const body = { ...order(), id: other.integration.id, integrationId: other.integration.id };
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, body);
      expect(res.status, res.text).to.equal(202);
      const job = (await queuedReports(backing.queues)).find((r) => r.order.orderId === body.orderId);
      expect(job?.integrationId).to.equal(store.integration.id);
      expect(await reportsOf(other.integration.id)).to.have.length(0);
    });

    it('sends no CORS headers, even to a request with an Origin: it is server to server', async () => {
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, order(), { Origin: ORIGIN });
      expect(res.status).to.equal(202);
      expect(res.headers).to.not.have.any.keys('access-control-allow-origin', 'access-control-allow-credentials');
      const preflight = await rawRequest(ingest.url, {
        method: 'OPTIONS',
        path: SERVER_ORDERS_PATH,
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.headers).to.not.have.any.keys('access-control-allow-origin');
    });

    // Not again within the minute: test/ingest/authenticate-server-key.test.ts counts the writes themselves.
    it('records when the key was last used', async () => {
      const fresh = await keyedIntegration(backing.db, workspaceId, 'https://touched-server-shop.example.com');
      const lastUsed = async () => (await backing.db('integration_keys').where({ id: fresh.keyId }).first('last_used_at')).last_used_at as Date | null;
      expect(await lastUsed()).to.equal(null);
      expect((await postAsServer(ingest.url, SERVER_ORDERS_PATH, fresh.secret, order())).status).to.equal(202);
      const first = await waitFor(lastUsed, 'last_used_at to be recorded');
      expect(first.getTime()).to.be.closeTo(Date.now(), 60_000);
    });
  });

  describe('refusing the key', () => {
    const cases: [string, (k: KeyedIntegration) => Record<string, string>][] = [
      ['no Authorization header', () => ({})],
      ['a Basic Authorization header', (k) => ({ Authorization: `Basic ${Buffer.from(`x:${k.secret}`).toString('base64')}` })],
      ['an API token instead of a secret key', () => ({ Authorization: `Bearer itk_${'a'.repeat(40)}` })],
      ['a secret key of the wrong length', (k) => ({ Authorization: `Bearer ${k.secret}x` })],
      ['a well-formed secret key that does not exist', () => ({ Authorization: `Bearer isk_${'0'.repeat(40)}` })],
    ];
    for (const [name, headers] of cases) {
      it(`answers 401 invalid_key for ${name}, and queues nothing`, async () => {
        const body = order();
        const res = await rawRequest(ingest.url, {
          method: 'POST',
          path: SERVER_ORDERS_PATH,
          headers: { 'Content-Type': 'application/json', ...headers(store) },
          body: JSON.stringify(body),
        });
        expect(res.status, res.text).to.equal(401);
        expect(errorOf(res)).to.deep.include({ code: 'invalid_key' });
        expect(await queuedOrderIds()).to.not.include(body.orderId);
      });
    }

    it('refuses a revoked key at once when the revocation is announced', async () => {
      const k = await keyedIntegration(backing.db, workspaceId, 'https://revoked-server-shop.example.com');
      expect((await postAsServer(ingest.url, SERVER_ORDERS_PATH, k.secret, order())).status).to.equal(202);
      await revokeIntegrationKey(backing.db, k.integration.workspaceId, k.integration.id, k.keyId);
      await announceIntegrationChange(backing, config, k.integration.id);
      await waitFor(async () => (await postAsServer(ingest.url, SERVER_ORDERS_PATH, k.secret, order())).status === 401, 'the revoked key to be refused', 2_000);
    });

    it('refuses a revoked key within 10 seconds even when no announcement arrives, and keeps the other keys of the integration', async function () {
      this.timeout(20_000);
      const k = await keyedIntegration(backing.db, workspaceId, 'https://silently-revoked-shop.example.com');
      const { secret: sibling } = await createIntegrationKey(backing.db, { workspaceId, integrationId: k.integration.id, name: 'second server' });
      expect((await postAsServer(ingest.url, SERVER_ORDERS_PATH, k.secret, order())).status).to.equal(202);
      await revokeIntegrationKey(backing.db, k.integration.workspaceId, k.integration.id, k.keyId);
      const revokedAt = Date.now();
      await waitFor(
        async () => (await postAsServer(ingest.url, SERVER_ORDERS_PATH, k.secret, order())).status === 401,
        'the revoked key to be refused',
        10_000,
      );
      expect(Date.now() - revokedAt).to.be.below(10_000);
      expect((await postAsServer(ingest.url, SERVER_ORDERS_PATH, sibling, order())).status).to.equal(202);
    });
  });

  describe('refusing the request', () => {
    it('answers 409 integration_disconnected for a disconnected integration, and queues nothing', async () => {
      const k = await keyedIntegration(backing.db, workspaceId, 'https://closed-server-shop.example.com');
      await disconnectIntegration(backing.db, k.integration.workspaceId, k.integration.id);
      await announceIntegrationChange(backing, config, k.integration.id);
      const res = await waitFor(async () => {
        const r = await postAsServer(ingest.url, SERVER_ORDERS_PATH, k.secret, order());
        return r.status === 409 ? r : undefined;
      }, 'the disconnection to be seen');
      expect(errorOf(res)).to.deep.include({ code: 'integration_disconnected' });
      expect(await reportsOf(k.integration.id)).to.have.length(0);
    });

    const badFields: [string, Record<string, unknown>, string][] = [
      ['a negative value', { value: -1 }, 'value'],
      ['a value given as text', { value: '12.00' }, 'value'],
      ['a value too large for minor units', { value: 1e300 }, 'value'],
      ['an unknown currency', { currency: 'XYZ' }, 'currency'],
      ['an empty orderId', { orderId: '   ' }, 'orderId'],
      ['an orderId of 129 characters', { orderId: 'x'.repeat(129) }, 'orderId'],
      ['a coupon of 65 characters', { coupon: 'C'.repeat(65) }, 'coupon'],
      ['a click id of 65 characters', { attribution: { itc: 'c'.repeat(65) } }, 'attribution.itc'],
      ['attribution that is not an object', { attribution: 'ava' }, 'attribution'],
      ['an occurredAt that is not a date-time', { occurredAt: 'yesterday' }, 'occurredAt'],
      ['an occurredAt without a time zone', { occurredAt: '2026-11-30T09:15:00' }, 'occurredAt'],
      ['an occurredAt ten minutes in the future', { occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 'occurredAt'],
      ['a NUL in the orderId', { orderId: 'A\u0000B' }, 'orderId'],
    ];
    for (const [name, overrides, field] of badFields) {
      it(`answers 400 validation_failed naming ${field} for ${name}, and queues nothing`, async () => {
        const body = order(overrides);
        const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, body);
        expect(res.status, res.text).to.equal(400);
        const answer = JSON.parse(res.text);
        expect(answer.error.code).to.equal('validation_failed');
        expect(answer.error.details.field).to.equal(field);
        expect(answer.error.message).to.include(field);
        if (typeof body.orderId === 'string') expect(await queuedOrderIds()).to.not.include(body.orderId.trim());
      });
    }

    it('answers 400 validation_failed naming the missing field', async () => {
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, { orderId: nextOrderId(), value: 5 });
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.text).error.details.field).to.equal('currency');
    });

    it('accepts an occurredAt a minute ahead (a store clock a little fast)', async () => {
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, order({ occurredAt: new Date(Date.now() + 60_000).toISOString() }));
      expect(res.status, res.text).to.equal(202);
    });

    it('answers 415 unsupported_media_type for a text/plain body (the pixel may, the server may not)', async () => {
      const body = order();
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, body, { 'Content-Type': 'text/plain' });
      expect(res.status, res.text).to.equal(415);
      expect(errorOf(res)).to.deep.include({ code: 'unsupported_media_type' });
      expect(await queuedOrderIds()).to.not.include(body.orderId);
    });

    it('accepts application/json with a charset', async () => {
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, order(), { 'Content-Type': 'application/json; charset=utf-8' });
      expect(res.status, res.text).to.equal(202);
    });

    it('answers 400 invalid_json for a body that is not JSON', async () => {
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, '{"orderId":');
      expect(res.status).to.equal(400);
      expect(errorOf(res)).to.deep.include({ code: 'invalid_json' });
    });

    it('answers 413 payload_too_large for a body over 8 KiB', async () => {
      const res = await postAsServer(ingest.url, SERVER_ORDERS_PATH, store.secret, { ...order(), padding: 'x'.repeat(8 * 1024) });
      expect(res.status).to.equal(413);
      expect(errorOf(res)).to.deep.include({ code: 'payload_too_large' });
    });

    it('counts every refusal by type and reason in /metrics', async () => {
      await postAsServer(ingest.url, SERVER_ORDERS_PATH, null, order());
      const metrics = await rawRequest(ingest.url, { path: '/metrics' });
      expect(metrics.text).to.match(/influtrace_server_requests_refused_total\{type="order",reason="invalid_key"\} [1-9]/);
      expect(metrics.text).to.match(/influtrace_server_requests_refused_total\{type="order",reason="invalid_server_order"\} [1-9]/);
      expect(metrics.text).to.match(/influtrace_server_requests_accepted_total\{type="order"\} [1-9]/);
    });
  });
});

describe("the store server's rate limit, per secret key", function () {
  const LIMIT = 5;
  let config: Config;
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let backing: Backing;

  before(async () => {
    config = testConfig({ serverRequestsPerMinute: LIMIT });
    ingest = await startIngest(config, silent, 0);
    backing = openBacking(config);
  });
  after(async () => {
    await ingest?.close();
    await backing?.close();
  });

  it(`accepts ${LIMIT} requests a minute per key, answers 429 with Retry-After to the rest, and counts another key apart`, async () => {
    const { workspaceId } = await newWorkspace(backing.db);
    const k = await keyedIntegration(backing.db, workspaceId, 'https://limited-server-shop.example.com');
    const { secret: otherKey } = await createIntegrationKey(backing.db, { workspaceId, integrationId: k.integration.id, name: 'other server' });
    const send = (secret: string, i: number) => postAsServer(ingest.url, SERVER_ORDERS_PATH, secret, { orderId: `RL-${i}`, value: 1, currency: 'USD' });
    const responses = await Promise.all(Array.from({ length: LIMIT * 2 }, (_, i) => send(k.secret, i)));
    expect(responses.filter((r) => r.status === 202)).to.have.length(LIMIT);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).to.have.length(LIMIT);
    for (const r of refused) {
      expect(errorOf(r)).to.deep.include({ code: 'rate_limited' });
      expect(Number(r.headers['retry-after'])).to.be.within(1, 60);
    }
    expect((await send(otherKey, 99)).status, 'another key of the same integration').to.equal(202);
    expect((await queuedReports(backing.queues)).filter((r) => r.integrationId === k.integration.id)).to.have.length(LIMIT + 1);
  });
});
