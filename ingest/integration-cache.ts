import type { Db } from '../core/db';
import type { IntegrationStatus } from '../core/domain/rules';

export type EdgeIntegration = { id: string; origin: string; status: IntegrationStatus };

/**
 * What the edge needs to know about an integration, cached in memory for a few seconds so a
 * busy store's beacons do not each cost a PostgreSQL query. Unknown ids are cached too.
 * The workflows re-check the status at processing time, so a stale entry never credits.
 */
export function createIntegrationCache(db: Db, options: { ttlMs: number; maxEntries: number } = { ttlMs: 5_000, maxEntries: 50_000 }) {
  const entries = new Map<string, { value: EdgeIntegration | null; expiresAt: number }>();
  const inFlight = new Map<string, Promise<EdgeIntegration | null>>();

  async function load(id: string): Promise<EdgeIntegration | null> {
    const row = await db('integrations').where({ id }).first('id', 'origin', 'status');
    const value = row ? { id: row.id as string, origin: row.origin as string, status: row.status as IntegrationStatus } : null;
    if (entries.size >= options.maxEntries) entries.clear();
    entries.set(id, { value, expiresAt: Date.now() + options.ttlMs });
    return value;
  }

  return {
    async get(id: string): Promise<EdgeIntegration | null> {
      const cached = entries.get(id);
      if (cached && cached.expiresAt > Date.now()) return cached.value;
      let pending = inFlight.get(id);
      if (!pending) {
        pending = load(id).finally(() => inFlight.delete(id));
        inFlight.set(id, pending);
      }
      return pending;
    },
    invalidate(id: string): void {
      entries.delete(id);
    },
  };
}

export type IntegrationCache = ReturnType<typeof createIntegrationCache>;
