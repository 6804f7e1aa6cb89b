import { trustedWorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import { hashToken } from '../../core/domain/tokens';
import type { KeyHolder } from '../../core/repositories/integration-keys';
import { createKeyCache } from '../../ingest/key-cache';

/** The cache in front of the key lookup: a table of holders by hash, counting the lookups it was asked for. */
function keyTable(holders: Record<string, KeyHolder> = {}) {
  const looked: string[] = [];
  return {
    looked,
    holders,
    lookup: async (hash: string): Promise<KeyHolder | null> => {
      looked.push(hash);
      await new Promise((resolve) => setImmediate(resolve));
      return holders[hash] ?? null;
    },
  };
}

const holder = (integrationId: string, keyId: string): KeyHolder => ({ keyId, integrationId, workspaceId: trustedWorkspaceId('ws_1') });

describe("ingest's secret key cache", () => {
  it('looks a key up once for many concurrent requests, and again after its time to live', async () => {
    const table = keyTable({ [hashToken('isk_a')]: holder('int_a', 'key_a') });
    const cache = createKeyCache(table.lookup, { ttlMs: 50, maxKnown: 10, maxUnknown: 10 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get('isk_a')));
    expect(answers.every((a) => a?.keyId === 'key_a')).to.equal(true);
    expect(table.looked).to.have.length(1);
    await cache.get('isk_a');
    expect(table.looked).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cache.get('isk_a');
    expect(table.looked).to.have.length(2);
  });

  it('never sees the secret itself: lookups are by its SHA-256', async () => {
    const table = keyTable();
    await createKeyCache(table.lookup).get('isk_secret');
    expect(table.looked).to.deep.equal([hashToken('isk_secret')]);
  });

  it('remembers unknown keys, but never more than its bound: the oldest are forgotten first', async () => {
    const table = keyTable();
    const cache = createKeyCache(table.lookup, { ttlMs: 60_000, maxKnown: 10, maxUnknown: 100 });
    for (let i = 0; i < 1_000; i++) await cache.get(`isk_unknown_${i}`);
    expect(cache.size().unknown).to.equal(100);
    await cache.get('isk_unknown_999');
    expect(table.looked, 'a recent unknown key is answered from memory').to.have.length(1_000);
    await cache.get('isk_unknown_0');
    expect(table.looked, 'the oldest was forgotten').to.have.length(1_001);
  });

  it('keeps known keys when unknown ones flood it', async () => {
    const table = keyTable({ [hashToken('isk_real')]: holder('int_a', 'key_real') });
    const cache = createKeyCache(table.lookup, { ttlMs: 60_000, maxKnown: 10, maxUnknown: 10 });
    await cache.get('isk_real');
    for (let i = 0; i < 100; i++) await cache.get(`isk_flood_${i}`);
    const looked = table.looked.length;
    expect((await cache.get('isk_real'))?.keyId).to.equal('key_real');
    expect(table.looked).to.have.length(looked);
    expect(cache.size()).to.deep.equal({ known: 1, unknown: 10 });
  });

  it("forgets only the changed integration's keys when told", async () => {
    const table = keyTable({ [hashToken('isk_a')]: holder('int_a', 'key_a'), [hashToken('isk_b')]: holder('int_b', 'key_b') });
    const cache = createKeyCache(table.lookup, { ttlMs: 60_000, maxKnown: 10, maxUnknown: 10 });
    await cache.get('isk_a');
    await cache.get('isk_b');
    delete table.holders[hashToken('isk_a')];
    cache.invalidateIntegration('int_a');
    expect(await cache.get('isk_a')).to.equal(null);
    expect((await cache.get('isk_b'))?.keyId).to.equal('key_b');
    expect(table.looked).to.have.length(3);
  });
});
