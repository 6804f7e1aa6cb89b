import { expect } from 'chai';
import { hashToken } from '../../core/domain/tokens';
import type { KeyHolder } from '../../core/repositories/integration-keys';
import { createAuthenticateServerKey } from '../../ingest/authenticate-server-key';
import { BeaconDropped } from '../../ingest/drop-reasons';
import type { EdgeIntegration, IntegrationCache } from '../../ingest/integration-cache';
import { createKeyCache } from '../../ingest/key-cache';

const secretOf = (c: string) => `isk_${c.repeat(40)}`;
const integration: EdgeIntegration = { id: 'int_a', origin: 'https://shop.example.com', status: 'connected' };

/** Keys a, b and c of one integration, and every last-use write the authenticator asks for, in order. */
function authenticator(options: { maxTouchedKeys?: number } = {}) {
  const holders = new Map<string, KeyHolder>(
    ['a', 'b', 'c'].map((c) => [hashToken(secretOf(c)), { keyId: `key_${c}`, integrationId: 'int_a', workspaceId: 'ws_1' as KeyHolder['workspaceId'] }]),
  );
  const touched: string[] = [];
  const authenticate = createAuthenticateServerKey({
    keys: createKeyCache(async (hash) => holders.get(hash) ?? null),
    integrations: { get: async (id: string) => (id === integration.id ? integration : null) } as unknown as IntegrationCache,
    // Called synchronously by the request that decides to write: once authenticate returns, the list is final for it.
    touchKey: async (keyId) => void touched.push(keyId),
    onTouchFailed: (err) => {
      throw err;
    },
    ...options,
  });
  return { authenticate, touched };
}

describe("ingest, the store server's key: its last use", () => {
  it('is written on the first use, and not again within the minute however often the key is used', async () => {
    const { authenticate, touched } = authenticator();
    expect((await authenticate(`Bearer ${secretOf('a')}`)).keyId).to.equal('key_a');
    expect(touched).to.deep.equal(['key_a']);
    for (let i = 0; i < 10; i++) await authenticate(`Bearer ${secretOf('a')}`);
    expect(touched).to.deep.equal(['key_a']);
  });

  it("is written for each key on its own first use: one key's write does not hold back another's", async () => {
    const { authenticate, touched } = authenticator();
    await authenticate(`Bearer ${secretOf('a')}`);
    await authenticate(`Bearer ${secretOf('b')}`);
    await authenticate(`Bearer ${secretOf('a')}`);
    expect(touched).to.deep.equal(['key_a', 'key_b']);
  });

  it('is not written for a refused key', async () => {
    const { authenticate, touched } = authenticator();
    const refused = await authenticate(`Bearer ${secretOf('z')}`).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).to.be.instanceOf(BeaconDropped).and.to.include({ reason: 'invalid_key' });
    expect(touched).to.deep.equal([]);
  });
});
