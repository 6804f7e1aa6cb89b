import { LRUCache } from 'lru-cache';
import type { Db } from '../core/db';
import { hasIdShape } from '../core/domain/ids';
import type { IntegrationStatus } from '../core/domain/rules';
import { BeaconDropped } from './drop-reasons';
import { createLookupBudget } from './lookup-budget';

export type EdgeIntegration = { id: string; origin: string; status: IntegrationStatus };

export type IntegrationCacheOptions = {
  /** How long a known integration is served from memory before it is read again. */
  ttlMs: number;
  /** Known integrations kept; past it, the least recently used goes. */
  maxEntries: number;
  /** How long an id PostgreSQL does not know is remembered as unknown. */
  unknownTtlMs: number;
  /** Unknown ids remembered, apart from the known ones: junk can never push out a real store. */
  maxUnknown: number;
  /** Lookups of ids in neither cache: a steady rate and a burst. */
  lookupsPerSecond: number;
  lookupBurst: number;
};

export const INTEGRATION_CACHE_DEFAULTS: IntegrationCacheOptions = {
  ttlMs: 5_000,
  maxEntries: 50_000,
  unknownTtlMs: 60_000,
  maxUnknown: 100_000,
  lookupsPerSecond: 500,
  lookupBurst: 1_000,
};

/**
 * What the edge needs to know about an integration, cached in memory for a few seconds so a
 * busy store's beacons do not each cost a PostgreSQL query. An id that cannot be an integration
 * id (not `int_` + 20 characters) is refused with no lookup; an id PostgreSQL does not know is
 * remembered as unknown for a minute, in a cache of its own; lookups of ids in neither cache are
 * budgeted, past the budget a 429 (Retry-After: 1) rather than a query. Known integrations are
 * evicted least recently used, never all at once.
 * The workflows re-check the status at processing time, so a stale entry never credits.
 */
export function createIntegrationCache(db: Db, options: IntegrationCacheOptions = INTEGRATION_CACHE_DEFAULTS) {
  const known = new LRUCache<string, EdgeIntegration>({ max: options.maxEntries, ttl: options.ttlMs });
  const unknown = new LRUCache<string, true>({ max: options.maxUnknown, ttl: options.unknownTtlMs });
  const inFlight = new Map<string, Promise<EdgeIntegration | null>>();
  const takeLookup = createLookupBudget({ perSecond: options.lookupsPerSecond, burst: options.lookupBurst });

  async function load(id: string): Promise<EdgeIntegration | null> {
    const row = await db('integrations').where({ id }).first('id', 'origin', 'status');
    if (!row) {
      known.delete(id);
      unknown.set(id, true);
      return null;
    }
    const value = { id: row.id as string, origin: row.origin as string, status: row.status as IntegrationStatus };
    known.set(id, value);
    return value;
  }

  return {
    async get(id: string): Promise<EdgeIntegration | null> {
      if (!hasIdShape('int', id)) return null;
      // Stale entries are kept (not deleted on get): they show the id was a real integration.
      const cached = known.get(id, { noDeleteOnStaleGet: true });
      if (cached) return cached;
      if (unknown.has(id)) return null;
      let pending = inFlight.get(id);
      if (!pending) {
        // A known integration whose entry just expired is read again whatever the budget says.
        const wasKnown = known.peek(id, { allowStale: true }) !== undefined;
        if (!wasKnown && !takeLookup()) {
          throw new BeaconDropped('lookups_exhausted', null, { retryAfterSeconds: 1 });
        }
        pending = load(id).finally(() => inFlight.delete(id));
        inFlight.set(id, pending);
      }
      return pending;
    },
    invalidate(id: string): void {
      known.delete(id);
      unknown.delete(id);
    },
  };
}

export type IntegrationCache = ReturnType<typeof createIntegrationCache>;
