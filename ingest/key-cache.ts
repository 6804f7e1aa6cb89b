import { hashToken } from '../core/domain/tokens';
import type { KeyHolder } from '../core/repositories/integration-keys';

export type KeyCacheOptions = {
  /** How long an answer is trusted: a revoked key is refused by every copy within this, even if no change announcement arrives. */
  ttlMs: number;
  /** Keys that exist, at most this many remembered (a store has a handful). */
  maxKnown: number;
  /** Secrets that name no key: remembered so a retrying client costs no query, but never more than this many (the oldest go first). */
  maxUnknown: number;
};

export const DEFAULT_KEY_CACHE_OPTIONS: KeyCacheOptions = { ttlMs: 5_000, maxKnown: 10_000, maxUnknown: 10_000 };

type Entry = { holder: KeyHolder | null; expiresAt: number };

/**
 * Secret key → its holder (key, integration, workspace), cached in memory by the key's SHA-256
 * so that a busy store's server does not cost a PostgreSQL query per request, and so that no
 * secret is kept in memory. Concurrent lookups of one key share one query.
 */
export function createKeyCache(lookup: (keyHash: string) => Promise<KeyHolder | null>, options: KeyCacheOptions = DEFAULT_KEY_CACHE_OPTIONS) {
  const known = new Map<string, Entry>();
  const unknown = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<KeyHolder | null>>();

  function remember(hash: string, holder: KeyHolder | null): void {
    const entries = holder ? known : unknown;
    const max = holder ? options.maxKnown : options.maxUnknown;
    entries.delete(hash);
    // Maps keep insertion order: the first entry is the one remembered longest ago.
    while (entries.size >= max) entries.delete(entries.keys().next().value as string);
    entries.set(hash, { holder, expiresAt: Date.now() + options.ttlMs });
  }

  return {
    async get(secret: string): Promise<KeyHolder | null> {
      const hash = hashToken(secret);
      const cached = known.get(hash) ?? unknown.get(hash);
      if (cached && cached.expiresAt > Date.now()) return cached.holder;
      let pending = inFlight.get(hash);
      if (!pending) {
        pending = lookup(hash)
          .then((holder) => {
            remember(hash, holder);
            return holder;
          })
          .finally(() => inFlight.delete(hash));
        inFlight.set(hash, pending);
      }
      return pending;
    },
    /** Forgets the integration's keys (a key revoked, the integration disconnected): the next request looks them up again. */
    invalidateIntegration(integrationId: string): void {
      for (const [hash, entry] of known) if (entry.holder?.integrationId === integrationId) known.delete(hash);
    },
    /** How many answers are remembered, known and unknown (for tests and metrics). */
    size(): { known: number; unknown: number } {
      return { known: known.size, unknown: unknown.size };
    },
  };
}

export type KeyCache = ReturnType<typeof createKeyCache>;
