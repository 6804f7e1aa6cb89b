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
  /** Past ttlMs and up to this age it is still served at once while it is read again in the background. */
  maxStaleMs: number;
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
  maxStaleMs: 60_000,
  maxEntries: 50_000,
  unknownTtlMs: 60_000,
  maxUnknown: 100_000,
  lookupsPerSecond: 200,
  lookupBurst: 1_000,
};

export type LookupResult = 'queried' | 'not_an_id' | 'over_budget';

/**
 * What the edge needs to know about an integration, cached in memory so a busy store's beacons
 * do not each cost a PostgreSQL query. An id that cannot be an integration id (not `int_` + 20
 * characters) is refused with no lookup; an id PostgreSQL does not know is remembered as unknown
 * for a minute, in a cache of its own; lookups of ids in neither cache are budgeted, past the
 * budget a 429 (Retry-After: 1) rather than a query. A known integration is read again every few
 * seconds in the background while its entry keeps answering (so its beacons never wait behind
 * other lookups), and known integrations are evicted least recently used, never all at once.
 * The workflows re-check the status at processing time, so a stale entry never credits.
 */
export function createIntegrationCache(
  db: Db,
  options: IntegrationCacheOptions = INTEGRATION_CACHE_DEFAULTS,
  onLookup: (result: LookupResult) => void = () => {},
) {
  const known = new LRUCache<string, { value: EdgeIntegration; loadedAt: number }>({ max: options.maxEntries });
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
    known.set(id, { value, loadedAt: Date.now() });
    return value;
  }

  /** One read of `id` at a time, however many beacons ask for it meanwhile. */
  function read(id: string): Promise<EdgeIntegration | null> {
    let pending = inFlight.get(id);
    if (!pending) {
      onLookup('queried');
      pending = load(id).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    return pending;
  }

  return {
    async get(id: string): Promise<EdgeIntegration | null> {
      if (!hasIdShape('int', id)) {
        onLookup('not_an_id');
        return null;
      }
      const entry = known.get(id);
      if (entry) {
        const age = Date.now() - entry.loadedAt;
        if (age < options.ttlMs) return entry.value;
        if (age < options.maxStaleMs) {
          // A failed background read keeps the entry; the next beacon tries again.
          read(id).catch(() => undefined);
          return entry.value;
        }
        // A known integration is read again whatever the budget says.
        return read(id);
      }
      if (unknown.has(id)) return null;
      if (!inFlight.has(id) && !takeLookup()) {
        onLookup('over_budget');
        throw new BeaconDropped('lookups_exhausted', null, { retryAfterSeconds: 1 });
      }
      return read(id);
    },
    invalidate(id: string): void {
      known.delete(id);
      unknown.delete(id);
    },
  };
}

export type IntegrationCache = ReturnType<typeof createIntegrationCache>;
