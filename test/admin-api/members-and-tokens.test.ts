import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { adminClient, expectError, expectFieldNamed } from './api-client';

describe('admin API members and tokens', function () {
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let adminToken: string;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    api = adminClient(p.adminUrl);
    adminToken = (await newWorkspace(p.db)).token;
  });
  after(async () => p?.stop());

  async function addMember(role: 'admin' | 'member') {
    const email = `${role}-${randomString(8)}@shop.test`;
    const added = await api(adminToken).post('/api/v1/members', { email, role });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    return { id: added.body.id as string, email, token: added.body.token as string };
  }

  describe('members', () => {
    it('lists each member with id, email, role and createdAt', async () => {
      const member = await addMember('member');
      const list = await api(adminToken).get('/api/v1/members');
      expect(list.status).to.equal(200);
      const row = list.body.data.find((m: { id: string }) => m.id === member.id);
      expect(row).to.include({ id: member.id, email: member.email, role: 'member' });
      expect(Object.keys(row).sort()).to.deep.equal(['createdAt', 'email', 'id', 'role']);
    });

    it('answers 409 conflict when an existing member is added again, and keeps their role', async () => {
      const member = await addMember('member');
      const again = await api(adminToken).post('/api/v1/members', { email: member.email.toUpperCase(), role: 'admin' });
      expectError(again, 409, 'conflict');
      const list = await api(adminToken).get('/api/v1/members');
      expect(list.body.data.find((m: { id: string }) => m.id === member.id).role).to.equal('member');
    });

    it('promotes a Member to Admin, who may then do what an Admin does', async () => {
      const member = await addMember('member');
      expectError(await api(member.token).post('/api/v1/tokens', { name: 'ci' }), 403, 'forbidden');
      const promoted = await api(adminToken).patch(`/api/v1/members/${member.id}`, { role: 'admin' });
      expect(promoted.status).to.equal(200);
      expect(promoted.body).to.include({ id: member.id, role: 'admin' });
      expect((await api(member.token).post('/api/v1/tokens', { name: 'ci' })).status).to.equal(201);
    });

    it('answers 400 naming role for an unknown role', async () => {
      const member = await addMember('member');
      expectFieldNamed(expectError(await api(adminToken).patch(`/api/v1/members/${member.id}`, { role: 'owner' }), 400, 'validation_failed'), 'role');
    });

    it('removes a member, whose token then answers 401', async () => {
      const member = await addMember('member');
      expect((await api(member.token).get('/api/v1/creators')).status).to.equal(200);
      const removed = await api(adminToken).send('DELETE', `/api/v1/members/${member.id}`);
      expect(removed.status).to.equal(204);
      expectError(await api(member.token).get('/api/v1/creators'), 401, 'unauthorized');
      const list = await api(adminToken).get('/api/v1/members');
      expect(list.body.data.map((m: { id: string }) => m.id)).to.not.include(member.id);
      expectError(await api(adminToken).send('DELETE', `/api/v1/members/${member.id}`), 404, 'not_found');
    });

    it('refuses with 409 to demote or remove the last Admin, who stays Admin', async () => {
      const own = await newWorkspace(p.db);
      const members = await api(own.token).get('/api/v1/members');
      const [admin] = members.body.data;
      expectError(await api(own.token).patch(`/api/v1/members/${admin.id}`, { role: 'member' }), 409, 'conflict');
      expectError(await api(own.token).send('DELETE', `/api/v1/members/${admin.id}`), 409, 'conflict');
      expect((await api(own.token).get('/api/v1/members')).body.data[0].role).to.equal('admin');
    });

    it('lets an Admin step down once another Admin exists', async () => {
      const own = await newWorkspace(p.db);
      const [first] = (await api(own.token).get('/api/v1/members')).body.data;
      const second = await api(own.token).post('/api/v1/members', { email: `second-${randomString(8)}@shop.test`, role: 'admin' });
      const demoted = await api(own.token).patch(`/api/v1/members/${first.id}`, { role: 'member' });
      expect(demoted.body.role).to.equal('member');
      expectError(await api(second.body.token).send('DELETE', `/api/v1/members/${second.body.id}`), 409, 'conflict');
    });

    it('pages the member list with limit and nextCursor', async () => {
      await addMember('member');
      await addMember('member');
      const first = await api(adminToken).get('/api/v1/members?limit=2');
      expect(first.body.data).to.have.length(2);
      expect(first.body.nextCursor).to.be.a('string');
      const second = await api(adminToken).get(`/api/v1/members?limit=2&cursor=${first.body.nextCursor}`);
      const firstIds = first.body.data.map((m: { id: string }) => m.id);
      for (const m of second.body.data) expect(firstIds).to.not.include(m.id);
      expectFieldNamed(expectError(await api(adminToken).get('/api/v1/members?cursor=nonsense'), 400, 'validation_failed'), 'cursor');
    });
  });

  describe('tokens', () => {
    it('creates a token for the caller, shows its secret once, and stores only its hash', async () => {
      const created = await api(adminToken).post('/api/v1/tokens', { name: 'reporting' });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body.token).to.match(/^itk_/);
      expect(created.body).to.include({ name: 'reporting', revokedAt: null, lastUsedAt: null });
      const row = await p.db('api_tokens').where({ id: created.body.id }).first();
      expect(JSON.stringify(row)).to.not.include(created.body.token);
      expect((await api(created.body.token).get('/api/v1/creators')).status).to.equal(200);
    });

    it('lists tokens without secret or hash, with their last use recorded', async () => {
      const created = await api(adminToken).post('/api/v1/tokens', { name: 'listed' });
      await api(created.body.token).get('/api/v1/creators');
      const list = await api(adminToken).get('/api/v1/tokens');
      const row = list.body.data.find((t: { id: string }) => t.id === created.body.id);
      expect(Object.keys(row).sort()).to.deep.equal(['createdAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'userId']);
      expect(row.lastUsedAt).to.be.a('string');
      expect(JSON.stringify(list.body)).to.not.include(created.body.token);
    });

    it('answers 400 naming name for a token without a name', async () => {
      expectFieldNamed(expectError(await api(adminToken).post('/api/v1/tokens', { name: '' }), 400, 'validation_failed'), 'name');
    });

    it('revokes a token, which then answers 401', async () => {
      const created = await api(adminToken).post('/api/v1/tokens', { name: 'short-lived' });
      const revoked = await api(adminToken).send('DELETE', `/api/v1/tokens/${created.body.id}`);
      expect(revoked.status).to.equal(200);
      expect(revoked.body.revokedAt).to.be.a('string');
      expectError(await api(created.body.token).get('/api/v1/creators'), 401, 'unauthorized');
    });

    it("lets a Member revoke their own token but not another member's", async () => {
      const member = await addMember('member');
      const other = await addMember('member');
      const tokens = (await api(adminToken).get('/api/v1/tokens?limit=500')).body.data as { id: string; userId: string }[];
      const own = tokens.find((t) => t.userId === member.id);
      const others = tokens.find((t) => t.userId === other.id);
      expectError(await api(member.token).send('DELETE', `/api/v1/tokens/${others?.id}`), 403, 'forbidden');
      expect((await api(other.token).get('/api/v1/creators')).status).to.equal(200);
      expect((await api(member.token).send('DELETE', `/api/v1/tokens/${own?.id}`)).status).to.equal(200);
      expectError(await api(member.token).get('/api/v1/creators'), 401, 'unauthorized');
    });
  });
});
