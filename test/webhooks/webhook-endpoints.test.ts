import { expect } from 'chai';
import { startAdminApi } from '../../admin-api/start-admin-api';
import { adminClient, expectError, expectFieldNamed } from '../admin-api/api-client';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';

describe('webhook endpoints in the admin API', function () {
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let admin: string;
  let member: string;
  let otherAdmin: string;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    api = adminClient(p.adminUrl);
    admin = (await newWorkspace(p.db)).token;
    otherAdmin = (await newWorkspace(p.db)).token;
    const added = await api(admin).post('/api/v1/members', { email: `member-${Date.now()}@hooks.test`, role: 'member' });
    member = added.body.token;
  });
  after(async () => {
    await p?.stop();
  });

  /** Every webhook route that names an endpoint. */
  const operationsOn = (id: string) =>
    [
      ['GET', `/api/v1/webhooks/${id}`],
      ['PATCH', `/api/v1/webhooks/${id}`],
      ['DELETE', `/api/v1/webhooks/${id}`],
      ['POST', `/api/v1/webhooks/${id}/test`],
      ['GET', `/api/v1/webhooks/${id}/deliveries`],
      ['POST', `/api/v1/webhooks/${id}/rotate-secret`],
    ] as const;

  const create = (token: string, body: unknown = { url: 'http://127.0.0.1:9/hooks', events: ['order.credited', 'order.refunded'] }) =>
    api(token).post('/api/v1/webhooks', body);

  describe('when an Admin creates one', () => {
    it('answers 201 with the endpoint, enabled, and its whsec_ secret shown this once', async () => {
      const created = await create(admin);
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body).to.include({ url: 'http://127.0.0.1:9/hooks', status: 'enabled' });
      expect(created.body.id).to.match(/^wh_/);
      expect(created.body.events).to.deep.equal(['order.credited', 'order.refunded']);
      expect(created.body.secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(created.body.createdAt).to.be.a('string');

      const shown = await api(admin).get(`/api/v1/webhooks/${created.body.id}`);
      expect(shown.status).to.equal(200);
      expect(shown.body).to.not.have.property('secret');
      const listed = await api(admin).get('/api/v1/webhooks');
      expect(listed.body.data.map((e: { id: string }) => e.id)).to.include(created.body.id);
      expect(JSON.stringify(listed.body)).to.not.include('whsec_');
    });

    it('stores the secret encrypted: the database row does not contain it', async () => {
      const created = await create(admin);
      const row = await p.db('webhook_endpoints').where({ id: created.body.id }).first();
      expect(JSON.stringify(row)).to.not.include(created.body.secret.slice(6));
      expect(row.secret_ciphertext).to.match(/^v1\./);
    });

    it('refuses a bad URL, unknown or repeated events, naming the field, and writes nothing', async () => {
      const before = await p.db('webhook_endpoints').count<{ count: string }[]>('* as count');
      expectFieldNamed(expectError(await create(admin, { url: 'not a url', events: ['order.credited'] }), 400, 'invalid_webhook_url'), 'url');
      expectFieldNamed(expectError(await create(admin, { url: 'ftp://127.0.0.1/x', events: ['order.credited'] }), 400, 'invalid_webhook_url'), 'url');
      expectFieldNamed(expectError(await create(admin, { url: 'http://127.0.0.1/x', events: ['order.exploded'] }), 400, 'validation_failed'), 'events.0');
      expectFieldNamed(expectError(await create(admin, { url: 'http://127.0.0.1/x', events: [] }), 400, 'validation_failed'), 'events');
      expectFieldNamed(
        expectError(await create(admin, { url: 'http://127.0.0.1/x', events: ['webhook.test', 'webhook.test'] }), 400, 'validation_failed'),
        'events',
      );
      expectFieldNamed(expectError(await create(admin, { events: ['order.credited'] }), 400, 'validation_failed'), 'url');
      const after = await p.db('webhook_endpoints').count<{ count: string }[]>('* as count');
      expect(after).to.deep.equal(before);
    });
  });

  describe('when it is changed, rotated and deleted', () => {
    it('PATCH changes url, events and status; disabling by hand says why, enabling clears it', async () => {
      const { id } = (await create(admin)).body;
      const changed = await api(admin).patch(`/api/v1/webhooks/${id}`, { url: 'http://127.0.0.1:10/new', events: ['integration.connected'] });
      expect(changed.body).to.include({ url: 'http://127.0.0.1:10/new', status: 'enabled' });
      expect(changed.body.events).to.deep.equal(['integration.connected']);
      const disabled = await api(admin).patch(`/api/v1/webhooks/${id}`, { status: 'disabled' });
      expect(disabled.body).to.include({ status: 'disabled', disabledReason: 'manual' });
      const enabled = await api(admin).patch(`/api/v1/webhooks/${id}`, { status: 'enabled' });
      expect(enabled.body).to.include({ status: 'enabled', disabledReason: null });
      expectError(await api(admin).patch(`/api/v1/webhooks/${id}`, {}), 400, 'validation_failed');
      expectFieldNamed(expectError(await api(admin).patch(`/api/v1/webhooks/${id}`, { status: 'paused' }), 400, 'validation_failed'), 'status');
    });

    it('rotate-secret answers a new secret once and keeps the old one for 24 hours', async () => {
      const created = (await create(admin)).body;
      const rotated = await api(admin).post(`/api/v1/webhooks/${created.id}/rotate-secret`);
      expect(rotated.status).to.equal(200);
      expect(rotated.body.secret)
        .to.match(/^whsec_/)
        .and.not.equal(created.secret);
      const overlap = new Date(rotated.body.previousSecretExpiresAt).getTime() - Date.now();
      expect(overlap).to.be.within(23.9 * 3_600_000, 24 * 3_600_000);
    });

    it('DELETE removes it: it is then 404', async () => {
      const { id } = (await create(admin)).body;
      const deleted = await api(admin).send('DELETE', `/api/v1/webhooks/${id}`);
      expect(deleted.status).to.equal(200);
      expectError(await api(admin).get(`/api/v1/webhooks/${id}`), 404, 'not_found');
    });

    it('POST …/test answers 202 with the webhook.test event, and 409 while the endpoint is disabled', async () => {
      const { id } = (await create(admin)).body;
      const tested = await api(admin).post(`/api/v1/webhooks/${id}/test`);
      expect(tested.status).to.equal(202);
      expect(tested.body.eventId).to.match(/^evt_/);
      const event = await p.db('webhook_events').where({ id: tested.body.eventId }).first();
      expect(event).to.include({ type: 'webhook.test', endpoint_id: id });
      await api(admin).patch(`/api/v1/webhooks/${id}`, { status: 'disabled' });
      expectError(await api(admin).post(`/api/v1/webhooks/${id}/test`), 409, 'conflict');
    });

    it('GET …/deliveries is paged like the other lists', async () => {
      const { id } = (await create(admin)).body;
      const page = await api(admin).get(`/api/v1/webhooks/${id}/deliveries?limit=1`);
      expect(page.status).to.equal(200);
      expect(page.body).to.deep.equal({ data: [], nextCursor: null });
      expectFieldNamed(expectError(await api(admin).get(`/api/v1/webhooks/${id}/deliveries?limit=0`), 400, 'validation_failed'), 'limit');
    });
  });

  describe('who may see and change them', () => {
    it('refuses a Member every webhook route with 403', async () => {
      const { id } = (await create(admin)).body;
      expectError(await create(member), 403, 'forbidden');
      expectError(await api(member).get('/api/v1/webhooks'), 403, 'forbidden');
      for (const [method, path] of operationsOn(id)) {
        expectError(await api(member).send(method, path, method === 'PATCH' ? { status: 'disabled' } : undefined), 403, 'forbidden');
      }
      expect((await api(admin).get(`/api/v1/webhooks/${id}`)).body.status).to.equal('enabled');
    });

    it("answers 404 for another workspace's endpoint, and never lists it", async () => {
      const { id } = (await create(admin)).body;
      for (const [method, path] of operationsOn(id)) {
        expectError(await api(otherAdmin).send(method, path, method === 'PATCH' ? { status: 'disabled' } : undefined), 404, 'not_found');
      }
      const listed = await api(otherAdmin).get('/api/v1/webhooks');
      expect(listed.body.data.map((e: { id: string }) => e.id)).to.not.include(id);
      expect((await api(admin).get(`/api/v1/webhooks/${id}`)).body.status).to.equal('enabled');
    });
  });

  describe('with WEBHOOK_ALLOW_PRIVATE_URLS=false', () => {
    let strictAdmin: Awaited<ReturnType<typeof startAdminApi>>;
    before(async () => {
      strictAdmin = await startAdminApi({ ...p.config, webhooks: { ...p.config.webhooks, allowPrivateUrls: false } }, p.log, 0);
    });
    after(async () => {
      await strictAdmin?.close();
    });

    for (const url of [
      'https://127.0.0.1/hooks',
      'https://localhost/hooks',
      'https://10.0.0.8/hooks',
      'https://192.168.0.10/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00:ec2::254]/',
      'https://[::ffff:127.0.0.1]/',
      'http://93.184.216.34/hooks',
    ]) {
      it(`refuses ${url} with 400 naming url`, async () => {
        const answer = await requestJson(`${strictAdmin.url}/api/v1/webhooks`, { token: admin, body: { url, events: ['order.credited'] } });
        expectFieldNamed(expectError(answer, 400, 'invalid_webhook_url'), 'url');
      });
    }

    it('refuses the same URLs in a PATCH too', async () => {
      const { id } = (await create(admin)).body;
      const answer = await requestJson(`${strictAdmin.url}/api/v1/webhooks/${id}`, { method: 'PATCH', token: admin, body: { url: 'https://localhost/x' } });
      expectFieldNamed(expectError(answer, 400, 'invalid_webhook_url'), 'url');
      expect((await api(admin).get(`/api/v1/webhooks/${id}`)).body.url).to.equal('http://127.0.0.1:9/hooks');
    });
  });
});
