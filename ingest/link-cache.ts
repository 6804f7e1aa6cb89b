import { LRUCache } from 'lru-cache';
import type { Db } from '../core/db';
import { findLinkTargetInAnyWorkspace } from '../core/repositories/links';

export type LinkTarget = { linkId: string; workspaceId: string; destinationUrl: string };

/**
 * Tracking-link targets by code, cached briefly so a redirect does not wait on PostgreSQL each time.
 * `findLink.cached(code)` answers from memory only: the target (or null for no such link) when
 * it is cached, undefined when only PostgreSQL could tell.
 */
export function createLinkCache(db: Db, options: { ttlMs: number; maxEntries: number } = { ttlMs: 30_000, maxEntries: 100_000 }) {
  // Least recently used first out: a flood of made-up codes cannot push every real link out at once.
  const entries = new LRUCache<string, { value: LinkTarget | null }>({ max: options.maxEntries, ttl: options.ttlMs });
  function cached(code: string): LinkTarget | null | undefined {
    return entries.get(code)?.value;
  }
  async function findLink(code: string): Promise<LinkTarget | null> {
    const hit = cached(code);
    if (hit !== undefined) return hit;
    const value = await findLinkTargetInAnyWorkspace(db, code);
    entries.set(code, { value });
    return value;
  }
  return Object.assign(findLink, { cached });
}

export type LinkLookup = ReturnType<typeof createLinkCache>;
