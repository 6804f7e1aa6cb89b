import { expect } from 'chai';
import fc from 'fast-check';
import { expectErrorShape } from '../admin-api/api-client';
import { arbitraryAdminBodies } from '../support/admin-body-arbitraries';
import { fuzz, fuzzSeed } from '../support/fuzz';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';

const BODY_LIMIT_BYTES = 64 * 1024;

/** Ids as an attacker would write them into a path: another kind's, near misses, traversal, unicode, huge. */
const hostileIds = (realKeyId: string, foreignKeyId: string) =>
  fc.oneof(
    fc.constantFrom(foreignKeyId, realKeyId.toUpperCase(), `${realKeyId}x`, realKeyId.slice(0, -1), '..', '%2e%2e', 'key_', "key_' or 1=1 --", '%00', '%ud800'),
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x'),
    fc.integer({ min: 200, max: 4000 }).map((n) => 'k'.repeat(n)),
  );

describe('admin API integration key routes under fuzzed input', function () {
  this.timeout(180_000);
  let p: Pipeline;
  let token: string;
  let integrationId: string;
  let keyId: string;
  let foreignKeyId: string;
  const byStatus = new Map<number, number>();
  const count = (status: number) => byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  const keyRows = async () => Number((await p.db('integration_keys').where({ integration_id: integrationId }).count({ n: '*' }).first())?.n);

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    token = (await newWorkspace(p.db)).token;
    integrationId = (await requestJson(`${p.adminUrl}/api/v1/integrations`, { token, body: { type: 'custom', websiteUrl: 'https://keys-fuzz.example.com' } }))
      .body.id;
    keyId = (await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/keys`, { token, body: { name: 'kept' } })).body.id;
    const stranger = (await newWorkspace(p.db)).token;
    const strangerIntegration = (
      await requestJson(`${p.adminUrl}/api/v1/integrations`, { token: stranger, body: { type: 'custom', websiteUrl: 'https://stranger-keys.example.com' } })
    ).body.id;
    foreignKeyId = (await requestJson(`${p.adminUrl}/api/v1/integrations/${strangerIntegration}/keys`, { token: stranger, body: { name: 'theirs' } })).body.id;
  });
  after(async () => {
    const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    console.log(`      integration keys fuzz: ${[...byStatus.values()].reduce((a, b) => a + b, 0)} requests (seed ${fuzzSeed()}): ${statuses.join(' ')}`);
    await p?.stop();
  });

  it('answers POST …/keys with 201 or a 4xx JSON error, never a 5xx, and writes a key for each 201 only', async () => {
    const before = await keyRows();
    let created = 0;
    await fuzz(arbitraryAdminBodies({ name: 'Checkout server' }, BODY_LIMIT_BYTES), 400, async (body) => {
      const response = await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/keys`, {
        token,
        body: body.text,
        headers: { 'Content-Type': body.contentType },
      });
      count(response.status);
      const described = `${body.label} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 200)}`;
      expect(response.status, described).to.be.within(200, 499);
      if (response.status === 201) {
        created++;
        expect(response.body.key, described).to.match(/^isk_[0-9a-z]{40}$/);
      } else expectErrorShape(response);
    });
    expect(created, 'some bodies were valid').to.be.greaterThan(0);
    expect(await keyRows()).to.equal(before + created);
  });

  it('answers DELETE …/keys/:keyId for hostile key ids with 404 (or 400/414), never a 5xx, and revokes nothing', async () => {
    await fuzz(hostileIds(keyId, foreignKeyId), 200, async (id) => {
      const response = await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/keys/${id}`, { method: 'DELETE', token });
      count(response.status);
      expect(response.status, `${id.slice(0, 80)} → ${response.status}`).to.be.within(400, 499);
    });
    expect(await p.db('integration_keys').whereIn('id', [keyId, foreignKeyId]).whereNotNull('revoked_at').count({ n: '*' }).first()).to.deep.equal({ n: '0' });
  });

  it('answers GET …/keys for hostile integration ids and page queries with 200, 400 or 404, never a 5xx', async () => {
    const query = fc.record({ limit: fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.integer().map(String)), cursor: fc.string({ maxLength: 30 }) });
    await fuzz(fc.record({ id: fc.oneof(fc.constant(integrationId), hostileIds(integrationId, foreignKeyId)), query }), 200, async ({ id, query: q }) => {
      const response = await requestJson(
        `${p.adminUrl}/api/v1/integrations/${id}/keys?limit=${encodeURIComponent(q.limit)}&cursor=${encodeURIComponent(q.cursor)}`,
        { token },
      );
      count(response.status);
      expect([200, 400, 404, 414], `${id.slice(0, 80)} ${JSON.stringify(q)} → ${response.status}`).to.include(response.status);
      if (response.status === 200) expect(JSON.stringify(response.body)).to.not.match(/isk_/);
    });
  });
});
