import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { requestJson, type JsonResponse } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { adminClient, expectError, expectErrorShape } from './api-client';

type Fixture = { token: string; integrationId: string; creatorId: string; linkId: string; couponId: string; adminUserId: string; adminTokenId: string };

describe('admin API roles and workspaces', function () {
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  /** Workspace A: its admin's objects, and a Member created by that admin. */
  let a: Fixture;
  let memberToken: string;
  /** Workspace B: another store team, with objects of its own. */
  let b: Fixture;

  /** The workspace's first Admin (user id) and that Admin's token id, read through the API. */
  async function adminIds(f: Fixture): Promise<{ userId: string; tokenId: string }> {
    const members = await api(f.token).get('/api/v1/members');
    const admin = members.body.data.find((m: { role: string }) => m.role === 'admin');
    const tokens = await api(f.token).get('/api/v1/tokens');
    const token = tokens.body.data.find((t: { userId: string }) => t.userId === admin.id);
    return { userId: admin.id, tokenId: token.id };
  }

  async function newFixture(token: string, site: string): Promise<Fixture> {
    const integration = await api(token).post('/api/v1/integrations', { type: 'custom', websiteUrl: site });
    expect(integration.status, JSON.stringify(integration.body)).to.equal(201);
    const creator = await api(token).post('/api/v1/creators', { name: `Creator of ${site}` });
    expect(creator.status).to.equal(201);
    const link = await api(token).post('/api/v1/links', {
      creatorId: creator.body.id,
      destinationUrl: `${site}/spring`,
      integrationIds: [integration.body.id],
    });
    expect(link.status, JSON.stringify(link.body)).to.equal(201);
    const coupon = await api(token).post('/api/v1/coupons', {
      creatorId: creator.body.id,
      code: `SAVE-${randomString(6)}`,
      integrationIds: [integration.body.id],
    });
    expect(coupon.status, JSON.stringify(coupon.body)).to.equal(201);
    const partial = { token, integrationId: integration.body.id, creatorId: creator.body.id, linkId: link.body.id, couponId: coupon.body.id };
    const ids = await adminIds({ ...partial, adminUserId: '', adminTokenId: '' });
    return { ...partial, adminUserId: ids.userId, adminTokenId: ids.tokenId };
  }

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    api = adminClient(p.adminUrl);
    a = await newFixture((await newWorkspace(p.db)).token, 'https://tenant-a.example.com');
    b = await newFixture((await newWorkspace(p.db)).token, 'https://tenant-b.example.com');
    const member = await api(a.token).post('/api/v1/members', { email: `member-${randomString(8)}@tenant-a.test`, role: 'member' });
    expect(member.status, JSON.stringify(member.body)).to.equal(201);
    expect(member.body.role).to.equal('member');
    memberToken = member.body.token;
  });
  after(async () => p?.stop());

  describe('when a request carries no valid token', () => {
    const cases: { name: string; headers: () => Record<string, string> }[] = [
      { name: 'no Authorization header', headers: () => ({}) },
      { name: 'a scheme other than Bearer', headers: () => ({ Authorization: `Token ${a.token}` }) },
      { name: 'Bearer without a token', headers: () => ({ Authorization: 'Bearer' }) },
      { name: 'a token with trailing garbage', headers: () => ({ Authorization: `Bearer ${a.token} extra` }) },
      { name: 'a well-formed token that was never issued', headers: () => ({ Authorization: `Bearer itk_${randomString(40)}` }) },
      {
        name: 'a real token with one character changed',
        headers: () => ({ Authorization: `Bearer ${a.token.slice(0, -1)}${a.token.endsWith('x') ? 'y' : 'x'}` }),
      },
    ];
    for (const c of cases) {
      it(`answers 401 unauthorized for ${c.name}`, async () => {
        const response = await requestJson(`${p.adminUrl}/api/v1/integrations`, { headers: c.headers() });
        expectError(response, 401, 'unauthorized');
      });
    }

    it('refuses writes too, and creates nothing', async () => {
      const response = await requestJson(`${p.adminUrl}/api/v1/integrations`, { body: { type: 'custom', websiteUrl: 'https://anonymous.example.com' } });
      expectError(response, 401, 'unauthorized');
      expect(await p.db('integrations').where({ origin: 'https://anonymous.example.com' })).to.have.length(0);
    });

    it('still answers the public health check', async () => {
      const health = await requestJson(`${p.adminUrl}/healthz`);
      expect(health.status).to.equal(200);
    });
  });

  describe('when a Member calls what only an Admin may do', () => {
    const adminOnly: { name: string; call: () => Promise<JsonResponse> }[] = [
      {
        name: 'POST /api/v1/integrations',
        call: () => api(memberToken).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://member-made.example.com' }),
      },
      { name: 'POST /api/v1/integrations/:id/verify', call: () => api(memberToken).post(`/api/v1/integrations/${a.integrationId}/verify`) },
      { name: 'POST /api/v1/integrations/:id/disconnect', call: () => api(memberToken).post(`/api/v1/integrations/${a.integrationId}/disconnect`) },
      {
        name: 'POST /api/v1/members',
        call: () => api(memberToken).post('/api/v1/members', { email: `sneaky-${randomString(8)}@tenant-a.test`, role: 'admin' }),
      },
      { name: 'PATCH /api/v1/members/:id', call: async () => api(memberToken).patch(`/api/v1/members/${(await adminIds(a)).userId}`, { role: 'member' }) },
      { name: 'DELETE /api/v1/members/:id', call: async () => api(memberToken).send('DELETE', `/api/v1/members/${(await adminIds(a)).userId}`) },
      { name: 'POST /api/v1/tokens', call: () => api(memberToken).post('/api/v1/tokens', { name: 'sneaky-token' }) },
      {
        name: "DELETE /api/v1/tokens/:id of another member's token",
        call: async () => api(memberToken).send('DELETE', `/api/v1/tokens/${(await adminIds(a)).tokenId}`),
      },
    ];
    for (const c of adminOnly) {
      it(`answers 403 forbidden for ${c.name}`, async () => {
        expectError(await c.call(), 403, 'forbidden');
      });
    }

    it('leaves the integrations untouched after the refused calls', async () => {
      for (const c of adminOnly) await c.call();
      const integration = await api(a.token).get(`/api/v1/integrations/${a.integrationId}`);
      expect(integration.body).to.include({ status: 'pending', disconnectedAt: null });
      expect(await p.db('integrations').where({ origin: 'https://member-made.example.com' })).to.have.length(0);
      expect(await p.db('users').where('email', 'like', 'sneaky-%')).to.have.length(0);
      expect(await p.db('api_tokens').where({ name: 'sneaky-token' })).to.have.length(0);
      expect((await api(a.token).get('/api/v1/members')).body.data.filter((m: { role: string }) => m.role === 'admin')).to.have.length(1);
      expect((await api(a.token).get('/api/v1/creators')).status).to.equal(200);
    });
  });

  describe('when a Member reads and runs campaign work', () => {
    const allowed: { name: string; status: number; call: () => Promise<JsonResponse> }[] = [
      { name: 'GET /api/v1/integrations', status: 200, call: () => api(memberToken).get('/api/v1/integrations') },
      { name: 'GET /api/v1/integrations/:id', status: 200, call: () => api(memberToken).get(`/api/v1/integrations/${a.integrationId}`) },
      { name: 'POST /api/v1/creators', status: 201, call: () => api(memberToken).post('/api/v1/creators', { name: 'Member-made creator' }) },
      {
        name: 'POST /api/v1/links',
        status: 201,
        call: () =>
          api(memberToken).post('/api/v1/links', {
            creatorId: a.creatorId,
            destinationUrl: 'https://tenant-a.example.com/member',
            integrationIds: [a.integrationId],
          }),
      },
      { name: 'PATCH /api/v1/links/:id', status: 200, call: () => api(memberToken).patch(`/api/v1/links/${a.linkId}`, { integrationIds: [a.integrationId] }) },
      {
        name: 'POST /api/v1/coupons',
        status: 201,
        call: () => api(memberToken).post('/api/v1/coupons', { creatorId: a.creatorId, code: `MEMBER-${randomString(6)}`, integrationIds: [a.integrationId] }),
      },
      {
        name: 'PATCH /api/v1/coupons/:id',
        status: 200,
        call: () => api(memberToken).patch(`/api/v1/coupons/${a.couponId}`, { integrationIds: [a.integrationId] }),
      },
      { name: 'GET /api/v1/orders', status: 200, call: () => api(memberToken).get('/api/v1/orders') },
      { name: 'GET /api/v1/reports/creators', status: 200, call: () => api(memberToken).get('/api/v1/reports/creators') },
      { name: 'GET /api/v1/reports/creators?format=csv', status: 200, call: () => api(memberToken).get('/api/v1/reports/creators?format=csv') },
      {
        name: 'GET /api/v1/integrations/:id/troubleshooting',
        status: 200,
        call: () => api(memberToken).get(`/api/v1/integrations/${a.integrationId}/troubleshooting`),
      },
      { name: 'GET /api/v1/members', status: 200, call: () => api(memberToken).get('/api/v1/members') },
      { name: 'GET /api/v1/tokens', status: 200, call: () => api(memberToken).get('/api/v1/tokens') },
    ];
    for (const c of allowed) {
      it(`answers ${c.status} for ${c.name}`, async () => {
        const response = await c.call();
        expect(response.status, JSON.stringify(response.body)).to.equal(c.status);
        if (typeof response.body === 'string') expect(response.body).to.match(/^creatorId,/);
        else expect(response.body).to.be.an('object').that.does.not.have.property('error');
      });
    }

    it("sees the workspace's own integration, exactly as the Admin does", async () => {
      const asMember = await api(memberToken).get('/api/v1/integrations');
      const asAdmin = await api(a.token).get('/api/v1/integrations');
      expect(asMember.body.data.map((i: { id: string }) => i.id)).to.deep.equal(asAdmin.body.data.map((i: { id: string }) => i.id));
      expect(asMember.body.data.map((i: { id: string }) => i.id)).to.include(a.integrationId);
    });

    it("creates campaign objects in the Admin's workspace", async () => {
      const created = await api(memberToken).post('/api/v1/creators', { name: 'Visible to the admin' });
      const adminList = await api(a.token).get('/api/v1/creators');
      expect(adminList.body.data.map((c: { id: string }) => c.id)).to.include(created.body.id);
    });
  });

  describe("when one workspace names another workspace's ids", () => {
    it("answers 404 not_found for GET of the other workspace's integration", async () => {
      expectError(await api(b.token).get(`/api/v1/integrations/${a.integrationId}`), 404, 'not_found');
    });

    it("answers 404 not_found for Verify of the other workspace's integration", async () => {
      expectError(await api(b.token).post(`/api/v1/integrations/${a.integrationId}/verify`), 404, 'not_found');
      const row = await p.db('integrations').where({ id: a.integrationId }).first('status', 'verification_started_at');
      expect(row).to.deep.equal({ status: 'pending', verification_started_at: null });
    });

    it("answers 404 not_found for Disconnect of the other workspace's integration, which stays as it was", async () => {
      expectError(await api(b.token).post(`/api/v1/integrations/${a.integrationId}/disconnect`), 404, 'not_found');
      const integration = await api(a.token).get(`/api/v1/integrations/${a.integrationId}`);
      expect(integration.body.status).to.equal('pending');
    });

    it("answers 404 not_found for PATCH of the other workspace's link, whose integrations stay enabled", async () => {
      expectError(await api(b.token).patch(`/api/v1/links/${a.linkId}`, { integrationIds: [] }), 404, 'not_found');
      expectError(await api(b.token).patch(`/api/v1/links/${a.linkId}`, { integrationIds: [b.integrationId] }), 404, 'not_found');
      const links = await api(a.token).get('/api/v1/links');
      const link = links.body.data.find((l: { id: string }) => l.id === a.linkId);
      expect(link.integrationIds).to.deep.equal([a.integrationId]);
    });

    it("answers 404 not_found for PATCH of the other workspace's coupon, whose integrations stay enabled", async () => {
      expectError(await api(b.token).patch(`/api/v1/coupons/${a.couponId}`, { integrationIds: [] }), 404, 'not_found');
      const coupons = await api(a.token).get('/api/v1/coupons');
      const coupon = coupons.body.data.find((c: { id: string }) => c.id === a.couponId);
      expect(coupon.integrationIds).to.deep.equal([a.integrationId]);
    });

    it("answers 404 not_found for a link or coupon naming the other workspace's creator", async () => {
      const link = await api(b.token).post('/api/v1/links', { creatorId: a.creatorId, destinationUrl: 'https://tenant-b.example.com/x', integrationIds: [] });
      expectError(link, 404, 'not_found');
      const coupon = await api(b.token).post('/api/v1/coupons', { creatorId: a.creatorId, code: `STEAL-${randomString(6)}`, integrationIds: [] });
      expectError(coupon, 404, 'not_found');
    });

    it("answers 404 not_found for a link or coupon enabling the other workspace's integration", async () => {
      const link = await api(b.token).post('/api/v1/links', {
        creatorId: b.creatorId,
        destinationUrl: 'https://tenant-b.example.com/y',
        integrationIds: [b.integrationId, a.integrationId],
      });
      expectError(link, 404, 'not_found');
      const coupon = await api(b.token).post('/api/v1/coupons', {
        creatorId: b.creatorId,
        code: `BORROW-${randomString(6)}`,
        integrationIds: [a.integrationId],
      });
      expectError(coupon, 404, 'not_found');
    });

    it("answers 404 not_found for PATCH enabling the other workspace's integration on one's own link and coupon", async () => {
      expectError(await api(b.token).patch(`/api/v1/links/${b.linkId}`, { integrationIds: [a.integrationId] }), 404, 'not_found');
      expectError(await api(b.token).patch(`/api/v1/coupons/${b.couponId}`, { integrationIds: [a.integrationId] }), 404, 'not_found');
      const enabled = await p.db('link_integrations').where({ integration_id: a.integrationId }).select('link_id');
      expect(enabled.map((r) => r.link_id)).to.not.include(b.linkId);
    });

    it("answers 404 not_found for troubleshooting the other workspace's integration", async () => {
      expectError(await api(b.token).get(`/api/v1/integrations/${a.integrationId}/troubleshooting`), 404, 'not_found');
    });

    it("answers 404 not_found for changing or removing the other workspace's member, who keeps their role", async () => {
      const { userId } = await adminIds(a);
      expectError(await api(b.token).patch(`/api/v1/members/${userId}`, { role: 'member' }), 404, 'not_found');
      expectError(await api(b.token).send('DELETE', `/api/v1/members/${userId}`), 404, 'not_found');
      expect((await api(a.token).get('/api/v1/members')).body.data.find((m: { id: string }) => m.id === userId).role).to.equal('admin');
    });

    it("answers 404 not_found for revoking the other workspace's token, which keeps working", async () => {
      const { tokenId } = await adminIds(a);
      expectError(await api(b.token).send('DELETE', `/api/v1/tokens/${tokenId}`), 404, 'not_found');
      expect((await api(a.token).get('/api/v1/creators')).status).to.equal(200);
    });

    it("does not let a Member of one workspace reach the other workspace's integration", async () => {
      expectError(await api(memberToken).get(`/api/v1/integrations/${b.integrationId}`), 404, 'not_found');
    });

    it('creates nothing in either workspace through the refused calls', async () => {
      expect(await p.db('links').whereIn('destination_url', ['https://tenant-b.example.com/x', 'https://tenant-b.example.com/y'])).to.have.length(0);
      expect(await p.db('coupons').whereLike('code', 'STEAL-%')).to.have.length(0);
      expect(await p.db('coupons').whereLike('code', 'BORROW-%')).to.have.length(0);
    });
  });

  describe('when a workspace lists its things', () => {
    const lists: { path: string; idOf: (item: any) => string; ids: (f: Fixture) => string[] }[] = [
      { path: '/api/v1/integrations', idOf: (i) => i.id, ids: (f) => [f.integrationId] },
      { path: '/api/v1/creators', idOf: (c) => c.id, ids: (f) => [f.creatorId] },
      { path: '/api/v1/links', idOf: (l) => l.id, ids: (f) => [f.linkId] },
      { path: '/api/v1/coupons', idOf: (c) => c.id, ids: (f) => [f.couponId] },
      { path: '/api/v1/reports/creators', idOf: (r) => r.creatorId, ids: (f) => [f.creatorId] },
      { path: '/api/v1/members', idOf: (m) => m.id, ids: (f) => [f.adminUserId] },
      { path: '/api/v1/tokens', idOf: (t) => t.id, ids: (f) => [f.adminTokenId] },
    ];
    for (const list of lists) {
      it(`GET ${list.path} holds its own items and never the other workspace's`, async () => {
        for (const [own, other] of [
          [a, b],
          [b, a],
        ] as const) {
          const response = await api(own.token).get(list.path);
          expect(response.status).to.equal(200);
          const ids = (response.body.data as unknown[]).map(list.idOf);
          expect(ids).to.include.members(list.ids(own));
          expect(ids).to.not.include.members(list.ids(other));
          for (const id of list.ids(other)) expect(ids).to.not.include(id);
        }
      });
    }

    it("answers an empty order list for a filter naming the other workspace's integration", async () => {
      const orders = await api(b.token).get(`/api/v1/orders?integrationId=${a.integrationId}`);
      expect(orders.status).to.equal(200);
      expect(orders.body.data).to.deep.equal([]);
    });
  });

  describe('when any request is refused', () => {
    const takenCode = `taken-${randomString(8)}`;
    const refusals: { name: string; call: () => Promise<JsonResponse> }[] = [
      { name: 'no token', call: () => requestJson(`${p.adminUrl}/api/v1/creators`) },
      { name: 'a forbidden call', call: () => api(memberToken).post('/api/v1/members', { email: 'x@y.test', role: 'member' }) },
      { name: 'a foreign id', call: () => api(b.token).get(`/api/v1/integrations/${a.integrationId}`) },
      { name: 'an unknown id', call: () => api(a.token).get('/api/v1/integrations/int_doesnotexist') },
      { name: 'an unknown endpoint', call: () => api(a.token).get('/api/v1/nothing-here') },
      { name: 'an unknown endpoint without a token', call: () => requestJson(`${p.adminUrl}/api/v1/nothing-here`) },
      { name: 'a method the path does not have', call: () => api(a.token).send('DELETE', `/api/v1/integrations/${a.integrationId}`) },
      { name: 'an invalid body', call: () => api(a.token).post('/api/v1/creators', { name: '' }) },
      {
        name: 'malformed JSON',
        call: () => requestJson(`${p.adminUrl}/api/v1/creators`, { token: a.token, body: '{"name":', headers: { 'Content-Type': 'application/json' } }),
      },
      { name: 'an invalid query', call: () => api(a.token).get('/api/v1/orders?status=lost') },
      {
        name: 'a conflict',
        call: () => api(a.token).post('/api/v1/links', { creatorId: a.creatorId, destinationUrl: 'https://tenant-a.example.com/', code: takenCode }),
      },
    ];

    before(async () => {
      const first = await api(a.token).post('/api/v1/links', { creatorId: a.creatorId, destinationUrl: 'https://tenant-a.example.com/', code: takenCode });
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
    });

    for (const c of refusals) {
      it(`answers exactly {error:{code,message}} with a 4xx status for ${c.name}`, async () => {
        const response = await c.call();
        expect(response.status, JSON.stringify(response.body)).to.be.within(400, 499);
        expectErrorShape(response);
      });
    }
  });

  describe('when the input holds a NUL character, which PostgreSQL text cannot store', () => {
    const nul: { name: string; call: () => Promise<JsonResponse> }[] = [
      { name: 'an integration id in the path', call: () => api(a.token).get('/api/v1/integrations/int_a%00b') },
      { name: 'a link id in the path', call: () => api(a.token).patch('/api/v1/links/lnk_a%00b', { integrationIds: [] }) },
      { name: 'an order filter in the query', call: () => api(a.token).get('/api/v1/orders?integrationId=int_a%00b') },
      { name: "a creator's name", call: () => api(a.token).post('/api/v1/creators', { name: 'Ava\u0000' }) },
      {
        name: "a link's creatorId",
        call: () => api(a.token).post('/api/v1/links', { creatorId: 'cre_a\u0000b', destinationUrl: 'https://tenant-a.example.com/' }),
      },
      { name: "a coupon's code", call: () => api(a.token).post('/api/v1/coupons', { creatorId: a.creatorId, code: 'NUL\u0000CODE' }) },
      { name: 'an integration id to enable', call: () => api(a.token).patch(`/api/v1/coupons/${a.couponId}`, { integrationIds: ['int_a\u0000b'] }) },
    ];
    for (const c of nul) {
      it(`answers a 4xx error, never 500, for ${c.name}`, async () => {
        const response = await c.call();
        expect(response.status, JSON.stringify(response.body)).to.be.within(400, 499);
        expectErrorShape(response);
      });
    }
  });

  describe('when the JSON body is larger than the API accepts', () => {
    it('answers 413 payload_too_large, not a JSON syntax error', async () => {
      const response = await api(a.token).post('/api/v1/creators', { name: 'x'.repeat(100_000) });
      expectError(response, 413, 'payload_too_large');
    });
  });
});
