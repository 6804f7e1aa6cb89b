import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { verificationWorkflowId } from '../../core/temporal';
import { connectTemporalClient } from '../../core/temporal-client';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { adminClient, expectError, expectErrorShape, expectFieldNamed } from './api-client';

describe('admin API: integrations, links, coupons and members', function () {
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let token: string;
  let workspaceId: string;
  let creatorId: string;
  let temporal: Awaited<ReturnType<typeof connectTemporalClient>>;

  /** A pending integration of this file's workspace, on a host of its own. */
  async function newIntegration(websiteUrl = `https://${randomString(8)}.example.com`): Promise<{ id: string; origin: string }> {
    const created = await api(token).post('/api/v1/integrations', { type: 'custom', websiteUrl });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body;
  }

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    temporal = await connectTemporalClient(p.config.temporal);
    api = adminClient(p.adminUrl);
    ({ token, workspaceId } = await newWorkspace(p.db));
    const creator = await api(token).post('/api/v1/creators', { name: 'Ava' });
    expect(creator.status).to.equal(201);
    creatorId = creator.body.id;
  });
  after(async () => {
    await temporal?.close();
    await p?.stop();
  });

  describe('POST /api/v1/integrations', () => {
    describe('when the website URL is an origin with a trailing slash and upper-case host', () => {
      it('creates a pending custom integration with the normalised origin and the embed snippet', async () => {
        const created = await api(token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://Shop.Example.com/' });
        expect(created.status, JSON.stringify(created.body)).to.equal(201);
        expect(created.body.id).to.be.a('string').and.match(/^int_/);
        expect(created.body).to.include({ type: 'custom', status: 'pending', websiteUrl: 'https://shop.example.com', origin: 'https://shop.example.com' });
        expect(created.body.snippet).to.be.a('string');
        expect(created.body.snippet).to.include(created.body.id);
        expect(created.body.snippet).to.include(`${p.ingestUrl}/api/v1/integrations/custom/t.js`);
        expect(created.body.snippet).to.include('influtrace');
        expect(created.body.serverSnippet).to.include(`'${p.ingestUrl}/api/v1/integrations/custom/orders'`);
        expect(created.body.serverSnippet).to.include(`'${p.ingestUrl}/api/v1/integrations/custom/refunds'`);
        expect(created.body.serverSnippet).to.include("-H 'Authorization: Bearer isk_…'");
      });

      it('lists it and answers it by id, with the same snippet', async () => {
        const created = await newIntegration('https://Listed.Example.com');
        const list = await api(token).get('/api/v1/integrations');
        const listed = list.body.data.find((i: { id: string }) => i.id === created.id);
        expect(listed).to.include({ status: 'pending', origin: 'https://listed.example.com' });
        const one = await api(token).get(`/api/v1/integrations/${created.id}`);
        expect(one.status).to.equal(200);
        expect(one.body).to.include({ id: created.id, status: 'pending', snippet: listed.snippet, connectedAt: null, disconnectedAt: null });
        expect(one.body.originsSeen).to.deep.equal([]);
      });
    });

    describe('when the URL carries a port', () => {
      it('drops the default port and keeps any other', async () => {
        expect((await newIntegration('https://ports.example.com:443')).origin).to.equal('https://ports.example.com');
        expect((await newIntegration('http://ports.example.com:80/')).origin).to.equal('http://ports.example.com');
        expect((await newIntegration('http://ports.example.com:8080')).origin).to.equal('http://ports.example.com:8080');
      });
    });

    describe('when the body is not an acceptable integration', () => {
      const refused: { name: string; body: unknown; field: string }[] = [
        { name: 'a URL with a path', body: { type: 'custom', websiteUrl: 'https://shop.example.com/store' }, field: 'websiteUrl' },
        { name: 'a URL with a query', body: { type: 'custom', websiteUrl: 'https://shop.example.com/?a=1' }, field: 'websiteUrl' },
        { name: 'a URL with credentials', body: { type: 'custom', websiteUrl: 'https://user:secret@shop.example.com' }, field: 'websiteUrl' },
        { name: 'an ftp URL', body: { type: 'custom', websiteUrl: 'ftp://shop.example.com' }, field: 'websiteUrl' },
        { name: 'a javascript: URL', body: { type: 'custom', websiteUrl: 'javascript:alert(1)' }, field: 'websiteUrl' },
        { name: 'no URL at all', body: { type: 'custom', websiteUrl: 'not a url' }, field: 'websiteUrl' },
        { name: 'a missing websiteUrl', body: { type: 'custom' }, field: 'websiteUrl' },
        { name: 'a websiteUrl that is not a string', body: { type: 'custom', websiteUrl: 42 }, field: 'websiteUrl' },
        { name: 'a type other than custom', body: { type: 'shopify', websiteUrl: 'https://shop.example.com' }, field: 'type' },
        { name: 'a missing type', body: { websiteUrl: 'https://shop.example.com' }, field: 'type' },
      ];
      for (const c of refused) {
        it(`answers 400 naming ${c.field} for ${c.name}, and creates nothing`, async () => {
          const count = async () => (await p.db('integrations').where({ workspace_id: workspaceId })).length;
          const before = await count();
          const response = await api(token).post('/api/v1/integrations', c.body);
          expect(response.status, JSON.stringify(response.body)).to.equal(400);
          expectErrorShape(response);
          expect(['validation_failed', 'invalid_website_url']).to.include(response.body.error.code);
          expectFieldNamed(response.body.error, c.field);
          expect(await count()).to.equal(before);
        });
      }
    });

    describe('when the body is malformed JSON', () => {
      it('answers 400 invalid_json', async () => {
        const response = await requestJson(`${p.adminUrl}/api/v1/integrations`, {
          token,
          body: '{"type":"custom",',
          headers: { 'Content-Type': 'application/json' },
        });
        expectError(response, 400, 'invalid_json');
      });
    });
  });

  describe('GET /api/v1/integrations/:id', () => {
    describe('when ingest refused an order from another origin', () => {
      it('shows the refusal counted under origin_mismatch, for that integration only', async () => {
        const integration = await newIntegration();
        const bystander = await newIntegration();
        expect((await api(token).get(`/api/v1/integrations/${integration.id}`)).body.refusals).to.deep.equal({});

        const order = { orderId: `ELSEWHERE-${randomString(6)}`, value: 20, currency: 'USD' };
        const refused = await sendBeacon(p.ingestUrl, 'https://elsewhere.example.com', { id: integration.id, type: 'order', order });
        expectError(refused, 403, 'origin_mismatch');

        const shown = await waitFor(
          async () => {
            const one = await api(token).get(`/api/v1/integrations/${integration.id}`);
            return (one.body.refusals?.origin_mismatch ?? 0) >= 1 ? one.body : undefined;
          },
          'the refusal to show on the integration',
          10_000,
        );
        expect(shown.refusals).to.deep.equal({ origin_mismatch: 1 });
        expect((await api(token).get(`/api/v1/integrations/${bystander.id}`)).body.refusals).to.deep.equal({});
      });
    });
  });

  describe('POST /api/v1/integrations/:id/verify', () => {
    describe('when no ping has come from the registered origin', () => {
      it('answers pending with "No pixel activity yet" and nothing seen, and starts polling', async () => {
        const integration = await newIntegration();
        const verify = await api(token).post(`/api/v1/integrations/${integration.id}/verify`);
        expect(verify.status, JSON.stringify(verify.body)).to.equal(200);
        expect(verify.body).to.include({ id: integration.id, status: 'pending', message: 'No pixel activity yet' });
        expect(verify.body.originsSeen).to.deep.equal([]);
        const row = await p.db('integrations').where({ id: integration.id }).first('status', 'verification_started_at');
        expect(row.status).to.equal('pending');
        expect(row.verification_started_at).to.be.an.instanceOf(Date);
      });
    });

    describe('when the pixel reported from another origin only, then from the registered one', () => {
      it('lists the other origin, then connects without a second Verify', async function () {
        this.timeout(90_000);
        const integration = await newIntegration('https://shop.example.com');
        const otherOrigin = 'http://www.shop.example.com';
        const stray = await sendBeacon(p.ingestUrl, otherOrigin, { id: integration.id, type: 'ping', url: `${otherOrigin}/products/1` });
        expect(stray.status).to.equal(202);
        const seen = await waitFor(async () => {
          const one = await api(token).get(`/api/v1/integrations/${integration.id}`);
          return one.body.originsSeen?.find((o: { origin: string }) => o.origin === otherOrigin);
        }, 'the other origin to be recorded');
        expect(seen).to.include({ origin: otherOrigin, lastUrl: `${otherOrigin}/products/1` });
        expect(seen.pings).to.equal(1);

        const verify = await api(token).post(`/api/v1/integrations/${integration.id}/verify`);
        expect(verify.status, JSON.stringify(verify.body)).to.equal(200);
        expect(verify.body).to.include({ id: integration.id, status: 'pending', message: 'No pixel activity yet' });
        expect(verify.body.originsSeen.map((o: { origin: string }) => o.origin)).to.deep.equal([otherOrigin]);
        expect((await api(token).get(`/api/v1/integrations/${integration.id}`)).body).to.include({ status: 'pending', lastPixelActivityAt: null });

        // The polling workflow has made its first check (pending) and timed the next: only a later poll can connect the store.
        const verification = temporal.client.workflow.getHandle(verificationWorkflowId(integration.id));
        await waitFor(
          async () => ((await verification.fetchHistory()).events ?? []).some((e) => e.timerStartedEventAttributes),
          'the first check done and the next timed',
        );
        expect((await p.db('integrations').where({ id: integration.id }).first('status')).status).to.equal('pending');
        const pingedAt = Date.now();
        const ping = await sendBeacon(p.ingestUrl, 'https://shop.example.com', { id: integration.id, type: 'ping', url: 'https://shop.example.com/' });
        expect(ping.status).to.equal(202);
        const connected = await waitFor(
          async () => {
            const one = await api(token).get(`/api/v1/integrations/${integration.id}`);
            return one.body.status === 'connected' ? one.body : undefined;
          },
          'the verification polling to connect the integration',
          30_000,
        );
        expect(Date.parse(connected.connectedAt)).to.be.at.least(pingedAt - 1_000);
        expect(connected.lastPixelActivityAt).to.be.a('string');
        const row = await p.db('integrations').where({ id: integration.id }).first('status', 'connected_at');
        expect(row.status).to.equal('connected');
        expect(row.connected_at).to.be.an.instanceOf(Date);
      });
    });

    describe('when the registered origin already pinged', () => {
      it('answers connected at once, and again on a second click', async () => {
        const integration = await newIntegration();
        await sendBeacon(p.ingestUrl, integration.origin, { id: integration.id, type: 'ping', url: `${integration.origin}/` });
        await waitFor(async () => (await api(token).get(`/api/v1/integrations/${integration.id}`)).body.lastPixelActivityAt, 'the ping to be recorded');
        const first = await api(token).post(`/api/v1/integrations/${integration.id}/verify`);
        expect(first.status).to.equal(200);
        expect(first.body).to.deep.equal({ id: integration.id, status: 'connected' });
        const again = await api(token).post(`/api/v1/integrations/${integration.id}/verify`);
        expect(again.body).to.deep.equal({ id: integration.id, status: 'connected' });
      });
    });

    describe('when the id is unknown', () => {
      it('answers 404 not_found', async () => {
        expectError(await api(token).post('/api/v1/integrations/int_doesnotexist/verify'), 404, 'not_found');
      });
    });
  });

  describe('POST /api/v1/integrations/:id/disconnect', () => {
    describe('when an Admin disconnects an integration', () => {
      it('answers {id, status: disconnected} and the integration shows it', async () => {
        const integration = await newIntegration();
        const disconnected = await api(token).post(`/api/v1/integrations/${integration.id}/disconnect`);
        expect(disconnected.status).to.equal(200);
        expect(disconnected.body).to.deep.equal({ id: integration.id, status: 'disconnected' });
        const one = await api(token).get(`/api/v1/integrations/${integration.id}`);
        expect(one.body.status).to.equal('disconnected');
        expect(one.body.disconnectedAt).to.be.a('string');
      });
    });

    describe('when the integration is verified after it was disconnected', () => {
      it('answers 409 integration_disconnected and the integration stays disconnected', async () => {
        const integration = await newIntegration();
        await api(token).post(`/api/v1/integrations/${integration.id}/disconnect`);
        expectError(await api(token).post(`/api/v1/integrations/${integration.id}/verify`), 409, 'integration_disconnected');
        const row = await p.db('integrations').where({ id: integration.id }).first('status', 'connected_at');
        expect(row).to.deep.equal({ status: 'disconnected', connected_at: null });
      });
    });

    describe('when it is disconnected twice', () => {
      it('answers 200 again and keeps the first disconnection time', async () => {
        const integration = await newIntegration();
        const first = await api(token).post(`/api/v1/integrations/${integration.id}/disconnect`);
        const at = (await api(token).get(`/api/v1/integrations/${integration.id}`)).body.disconnectedAt;
        const second = await api(token).post(`/api/v1/integrations/${integration.id}/disconnect`);
        expect(first.body).to.deep.equal({ id: integration.id, status: 'disconnected' });
        expect(second.status).to.equal(200);
        expect(second.body).to.deep.equal({ id: integration.id, status: 'disconnected' });
        expect((await api(token).get(`/api/v1/integrations/${integration.id}`)).body.disconnectedAt).to.equal(at);
      });
    });
  });

  describe('links', () => {
    describe('when a link is created without a code', () => {
      it('gets a generated code and the public tracking URL on ingest', async () => {
        const link = await api(token).post('/api/v1/links', { creatorId, destinationUrl: 'https://shop.example.com/spring', integrationIds: [] });
        expect(link.status, JSON.stringify(link.body)).to.equal(201);
        expect(link.body.id).to.be.a('string');
        expect(link.body.code)
          .to.be.a('string')
          .and.match(/^[A-Za-z0-9_-]{4,64}$/);
        expect(link.body.url).to.equal(`${p.ingestUrl}/r/${link.body.code}`);
        expect(link.body).to.include({ creatorId, destinationUrl: 'https://shop.example.com/spring' });
        expect(link.body.integrationIds).to.deep.equal([]);
      });

      it('gets a different code each time', async () => {
        const body = { creatorId, destinationUrl: 'https://shop.example.com/again' };
        const first = await api(token).post('/api/v1/links', body);
        const second = await api(token).post('/api/v1/links', body);
        expect(first.body.code).to.not.equal(second.body.code);
      });
    });

    describe('when a link is created with a code', () => {
      it('keeps that code, and its tracking URL redirects to the destination', async () => {
        const code = `ava-${randomString(8)}`;
        const link = await api(token).post('/api/v1/links', { creatorId, destinationUrl: 'https://shop.example.com/ava', code });
        expect(link.status).to.equal(201);
        expect(link.body).to.include({ code, url: `${p.ingestUrl}/r/${code}` });
        const redirect = await fetch(link.body.url, { redirect: 'manual' });
        expect(redirect.status).to.equal(302);
        expect(new URL(redirect.headers.get('location') ?? '').pathname).to.equal('/ava');
      });
    });

    describe('when the code is already taken', () => {
      it('answers 409 conflict and keeps the first link', async () => {
        const code = `dup-${randomString(8)}`;
        const first = await api(token).post('/api/v1/links', { creatorId, destinationUrl: 'https://shop.example.com/first', code });
        expect(first.status).to.equal(201);
        const second = await api(token).post('/api/v1/links', { creatorId, destinationUrl: 'https://shop.example.com/second', code });
        expect(second.status, JSON.stringify(second.body)).to.equal(409);
        expectError(second, 409, 'conflict');
        const rows = await p.db('links').where({ code });
        expect(rows.map((r) => r.destination_url)).to.deep.equal(['https://shop.example.com/first']);
      });
    });

    describe('when the destination is not an http(s) URL', () => {
      for (const destinationUrl of ['javascript:alert(1)', 'data:text/html,<b>hi</b>', 'ftp://shop.example.com/file', '/relative/path']) {
        it(`answers 400 invalid_destination_url for ${destinationUrl}`, async () => {
          const response = await api(token).post('/api/v1/links', { creatorId, destinationUrl, integrationIds: [] });
          const error = expectError(response, 400, 'invalid_destination_url');
          expectFieldNamed(error, 'destinationUrl');
        });
      }
    });

    describe('when a link names a creator that does not exist', () => {
      it('answers 404 not_found naming creatorId', async () => {
        const response = await api(token).post('/api/v1/links', { creatorId: 'cre_doesnotexist', destinationUrl: 'https://shop.example.com/' });
        expectFieldNamed(expectError(response, 404, 'not_found'), 'creatorId');
      });
    });

    describe('when the enabled integrations are patched', () => {
      it('changes what GET /api/v1/links shows as enabled', async () => {
        const first = await newIntegration();
        const second = await newIntegration();
        const link = await api(token).post('/api/v1/links', { creatorId, destinationUrl: 'https://shop.example.com/patch', integrationIds: [first.id] });
        expect(link.body.integrationIds).to.deep.equal([first.id]);
        const listed = async () => (await api(token).get('/api/v1/links')).body.data.find((l: { id: string }) => l.id === link.body.id).integrationIds;
        expect(await listed()).to.deep.equal([first.id]);

        const patched = await api(token).patch(`/api/v1/links/${link.body.id}`, { integrationIds: [second.id] });
        expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
        expect(patched.body.integrationIds).to.deep.equal([second.id]);
        expect(await listed()).to.deep.equal([second.id]);

        await api(token).patch(`/api/v1/links/${link.body.id}`, { integrationIds: [first.id, second.id, first.id] });
        expect([...(await listed())].sort()).to.deep.equal([first.id, second.id].sort());

        await api(token).patch(`/api/v1/links/${link.body.id}`, { integrationIds: [] });
        expect(await listed()).to.deep.equal([]);
      });

      it('answers 404 for an unknown link and 400 naming integrationIds for a body without them', async () => {
        expectError(await api(token).patch('/api/v1/links/lnk_doesnotexist', { integrationIds: [] }), 404, 'not_found');
        const link = await api(token).post('/api/v1/links', { creatorId, destinationUrl: 'https://shop.example.com/bad-patch' });
        expectFieldNamed(expectError(await api(token).patch(`/api/v1/links/${link.body.id}`, {}), 400, 'validation_failed'), 'integrationIds');
      });
    });
  });

  describe('coupons', () => {
    describe('when a coupon is created', () => {
      it('answers 201 with its code, creator and enabled integrations', async () => {
        const integration = await newIntegration();
        const coupon = await api(token).post('/api/v1/coupons', { creatorId, code: 'WELCOME10', integrationIds: [integration.id] });
        expect(coupon.status, JSON.stringify(coupon.body)).to.equal(201);
        expect(coupon.body).to.include({ code: 'WELCOME10', creatorId });
        expect(coupon.body.id).to.be.a('string');
        expect(coupon.body.integrationIds).to.deep.equal([integration.id]);
      });
    });

    describe('when a code differs from an existing one only in case or surrounding spaces', () => {
      it('answers 409 conflict', async () => {
        const first = await api(token).post('/api/v1/coupons', { creatorId, code: 'SUMMER20', integrationIds: [] });
        expect(first.status).to.equal(201);
        expectError(await api(token).post('/api/v1/coupons', { creatorId, code: 'summer20', integrationIds: [] }), 409, 'conflict');
        expectError(await api(token).post('/api/v1/coupons', { creatorId, code: '  Summer20 ', integrationIds: [] }), 409, 'conflict');
        const listed = (await api(token).get('/api/v1/coupons')).body.data.filter((c: { code: string }) => c.code.toLowerCase() === 'summer20');
        expect(listed).to.have.length(1);
      });
    });

    describe('when another workspace uses the same code', () => {
      it('is allowed: coupon codes belong to a workspace', async () => {
        const other = await newWorkspace(p.db);
        const otherCreator = await api(other.token).post('/api/v1/creators', { name: 'Ben' });
        const coupon = await api(other.token).post('/api/v1/coupons', { creatorId: otherCreator.body.id, code: 'SUMMER20-SHARED' });
        const mine = await api(token).post('/api/v1/coupons', { creatorId, code: 'summer20-shared' });
        expect(coupon.status).to.equal(201);
        expect(mine.status, JSON.stringify(mine.body)).to.equal(201);
      });
    });

    describe('when the enabled integrations are patched', () => {
      it('changes what GET /api/v1/coupons shows as enabled', async () => {
        const integration = await newIntegration();
        const coupon = await api(token).post('/api/v1/coupons', { creatorId, code: `PATCH-${randomString(6)}`, integrationIds: [] });
        const patched = await api(token).patch(`/api/v1/coupons/${coupon.body.id}`, { integrationIds: [integration.id] });
        expect(patched.status).to.equal(200);
        expect(patched.body.integrationIds).to.deep.equal([integration.id]);
        const listed = (await api(token).get('/api/v1/coupons')).body.data.find((c: { id: string }) => c.id === coupon.body.id);
        expect(listed.integrationIds).to.deep.equal([integration.id]);
      });
    });

    describe('when the code is empty or too long', () => {
      for (const code of ['', '   ', 'X'.repeat(65)]) {
        it(`answers 400 naming code for ${JSON.stringify(code.length > 10 ? `${code.length} characters` : code)}`, async () => {
          const response = await api(token).post('/api/v1/coupons', { creatorId, code, integrationIds: [] });
          expectFieldNamed(expectError(response, 400, 'validation_failed'), 'code');
        });
      }
    });
  });

  describe('POST /api/v1/members', () => {
    describe('when an Admin adds a member', () => {
      it("answers 201 with a token that works for the new member's reads", async () => {
        const integration = await newIntegration();
        const email = `New.Member-${randomString(6)}@Shop.Test`;
        const member = await api(token).post('/api/v1/members', { email, role: 'member' });
        expect(member.status, JSON.stringify(member.body)).to.equal(201);
        expect(member.body).to.include({ email: email.toLowerCase(), role: 'member' });
        expect(member.body.token).to.be.a('string').and.have.length.of.at.least(32);
        const list = await api(member.body.token).get('/api/v1/integrations');
        expect(list.status).to.equal(200);
        expect(list.body.data.map((i: { id: string }) => i.id)).to.include(integration.id);
      });

      it('stores the token only as a SHA-256-sized hash, never in clear text', async () => {
        const member = await api(token).post('/api/v1/members', { email: `hashed-${randomString(6)}@shop.test`, role: 'admin' });
        const issued: string = member.body.token;
        const rows: Record<string, unknown>[] = await p.db('api_tokens').select('*');
        expect(rows.length).to.be.at.least(2);
        for (const row of rows) {
          for (const [column, value] of Object.entries(row)) {
            expect(String(value instanceof Date ? value.toISOString() : value), `api_tokens.${column}`).to.not.include(issued);
          }
        }
        const own = await p.db('api_tokens').where({ user_id: member.body.id }).select('token_hash');
        expect(own).to.have.length.of.at.least(1);
        for (const row of own) expect(row.token_hash).to.match(/^[0-9a-f]{64}$/);
        const admin = await api(issued).post('/api/v1/integrations', { type: 'custom', websiteUrl: `https://${randomString(8)}.example.com` });
        expect(admin.status).to.equal(201);
      });
    });

    describe('when the body is not a valid member', () => {
      const refused: { name: string; body: unknown; field: string }[] = [
        { name: 'an invalid email', body: { email: 'not-an-email', role: 'member' }, field: 'email' },
        { name: 'a missing email', body: { role: 'member' }, field: 'email' },
        { name: 'an unknown role', body: { email: 'owner@shop.test', role: 'owner' }, field: 'role' },
      ];
      for (const c of refused) {
        it(`answers 400 naming ${c.field} for ${c.name}`, async () => {
          expectFieldNamed(expectError(await api(token).post('/api/v1/members', c.body), 400, 'validation_failed'), c.field);
        });
      }
    });
  });
});
