import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { hashToken } from '../../core/domain/tokens';
import { SERVER_ORDERS_PATH } from '../../core/public-paths';
import { postAsServer } from '../ingest/server-harness';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { adminClient, expectError, expectFieldNamed } from './api-client';

describe('admin API integration secret keys', function () {
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let adminToken: string;
  let memberToken: string;
  let integrationId: string;
  const keysPath = () => `/api/v1/integrations/${integrationId}/keys`;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    api = adminClient(p.adminUrl);
    adminToken = (await newWorkspace(p.db)).token;
    const member = await api(adminToken).post('/api/v1/members', { email: `member-${randomString(8)}@shop.test`, role: 'member' });
    memberToken = member.body.token;
    integrationId = (await api(adminToken).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://keys-shop.example.com' })).body.id;
  });
  after(async () => p?.stop());

  it('creates a key: 201 with id, name, the isk_ secret once, its last four characters and createdAt', async () => {
    const created = await api(adminToken).post(keysPath(), { name: '  Checkout server  ' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(Object.keys(created.body)).to.deep.equal(['id', 'name', 'key', 'lastFour', 'createdAt']);
    expect(created.body.id).to.match(/^key_[0-9a-z]{20}$/);
    expect(created.body.name).to.equal('Checkout server');
    expect(created.body.key).to.match(/^isk_[0-9a-z]{40}$/);
    expect(created.body.lastFour).to.equal(created.body.key.slice(-4));
    expect(Date.parse(created.body.createdAt)).to.be.closeTo(Date.now(), 60_000);
  });

  it('stores only the SHA-256 of the secret', async () => {
    const created = await api(adminToken).post(keysPath(), { name: 'hashed' });
    const row = await p.db('integration_keys').where({ id: created.body.id }).first();
    expect(row.key_hash).to.equal(hashToken(created.body.key));
    expect(JSON.stringify(row)).to.not.include(created.body.key);
  });

  it('lists keys to a Member without any secret: id, name, lastFour, createdAt, lastUsedAt, revokedAt', async () => {
    const created = await api(adminToken).post(keysPath(), { name: 'listed' });
    const list = await api(memberToken).get(keysPath());
    expect(list.status).to.equal(200);
    const row = list.body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(row).to.deep.equal({
      id: created.body.id,
      name: 'listed',
      lastFour: created.body.lastFour,
      createdAt: created.body.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(list.body)).to.not.include(created.body.key);
  });

  it('shows when a key was last used by the store server', async () => {
    const created = await api(adminToken).post(keysPath(), { name: 'used' });
    const used = await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, created.body.key, { orderId: `USED-${randomString(6)}`, value: 1, currency: 'USD' });
    expect(used.status, used.text).to.equal(202);
    const row = await waitFor(async () => {
      const list = await api(memberToken).get(keysPath());
      return list.body.data.find((k: { id: string; lastUsedAt: string | null }) => k.id === created.body.id && k.lastUsedAt);
    }, 'lastUsedAt to show');
    expect(Date.parse(row.lastUsedAt)).to.be.closeTo(Date.now(), 60_000);
  });

  it('revokes a key: 200 with revokedAt, idempotently, and ingest refuses it from then on (well within 10 s)', async function () {
    this.timeout(30_000);
    const created = await api(adminToken).post(keysPath(), { name: 'revoked' });
    const order = () => ({ orderId: `REV-${randomString(6)}`, value: 1, currency: 'USD' });
    expect((await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, created.body.key, order())).status).to.equal(202);
    const revoked = await api(adminToken).send('DELETE', `${keysPath()}/${created.body.id}`);
    expect(revoked.status).to.equal(200);
    expect(revoked.body).to.include({ id: created.body.id, name: 'revoked' });
    expect(Date.parse(revoked.body.revokedAt)).to.be.closeTo(Date.now(), 60_000);
    const start = Date.now();
    await waitFor(
      async () => (await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, created.body.key, order())).status === 401,
      'the revoked key to be refused',
      10_000,
    );
    expect(Date.now() - start).to.be.below(10_000);
    const again = await api(adminToken).send('DELETE', `${keysPath()}/${created.body.id}`);
    expect(again.body.revokedAt, 'the first revocation time is kept').to.equal(revoked.body.revokedAt);
  });

  it('lets only an Admin create or revoke keys: a Member gets 403 and nothing changes', async () => {
    const created = await api(adminToken).post(keysPath(), { name: 'kept' });
    expectError(await api(memberToken).post(keysPath(), { name: 'sneaky' }), 403, 'forbidden');
    expectError(await api(memberToken).send('DELETE', `${keysPath()}/${created.body.id}`), 403, 'forbidden');
    const list = await api(adminToken).get(keysPath());
    expect(list.body.data.map((k: { name: string }) => k.name)).to.not.include('sneaky');
    expect(list.body.data.find((k: { id: string }) => k.id === created.body.id).revokedAt).to.equal(null);
  });

  it('answers 404 for another workspace: its integration, its keys, and a key id through another integration', async () => {
    const created = await api(adminToken).post(keysPath(), { name: 'mine' });
    const stranger = (await newWorkspace(p.db)).token;
    expectError(await api(stranger).get(keysPath()), 404, 'not_found');
    expectError(await api(stranger).post(keysPath(), { name: 'theirs' }), 404, 'not_found');
    expectError(await api(stranger).send('DELETE', `${keysPath()}/${created.body.id}`), 404, 'not_found');
    const strangerIntegration = (await api(stranger).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://stranger.example.com' })).body.id;
    expectError(await api(stranger).send('DELETE', `/api/v1/integrations/${strangerIntegration}/keys/${created.body.id}`), 404, 'not_found');
    expect((await p.db('integration_keys').where({ id: created.body.id }).first('revoked_at')).revoked_at).to.equal(null);
    expect(await p.db('integration_keys').where({ name: 'theirs' }).first()).to.equal(undefined);
  });

  it('answers 404 for an unknown key id', async () => {
    expectError(await api(adminToken).send('DELETE', `${keysPath()}/key_${'0'.repeat(20)}`), 404, 'not_found');
  });

  it('answers 400 naming name for a missing, empty or 101-character name, and writes nothing', async () => {
    const before = await p.db('integration_keys').where({ integration_id: integrationId }).count({ n: '*' }).first();
    for (const body of [{}, { name: '   ' }, { name: 'n'.repeat(101) }, { name: 7 }]) {
      expectFieldNamed(expectError(await api(adminToken).post(keysPath(), body), 400, 'validation_failed'), 'name');
    }
    expect(await p.db('integration_keys').where({ integration_id: integrationId }).count({ n: '*' }).first()).to.deep.equal(before);
  });

  it('answers 409 integration_disconnected for a key of a disconnected integration', async () => {
    const closed = (await api(adminToken).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://closed-keys.example.com' })).body.id;
    await api(adminToken).post(`/api/v1/integrations/${closed}/disconnect`);
    expectError(await api(adminToken).post(`/api/v1/integrations/${closed}/keys`, { name: 'late' }), 409, 'integration_disconnected');
  });
});
