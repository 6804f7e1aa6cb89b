import type { Db } from '../core/db';
import { findLinkTargetInAnyWorkspace } from '../core/repositories/links';

export type LinkTarget = { linkId: string; workspaceId: string; destinationUrl: string };

/**
 * Tracking-link targets by code, cached briefly so a redirect does not wait on PostgreSQL each time.
 * `findLink.cached(code)` answers from memory only: the target (or null for no such link) when
 * it is cached, undefined when only PostgreSQL could tell.
 */
export function createLinkCache(db: Db, options: { ttlMs: number; maxEntries: number } = { ttlMs: 30_000, maxEntries: 100_000 }) {
  const entries = new Map<string, { value: LinkTarget | null; expiresAt: number }>();
  function cached(code: string): LinkTarget | null | undefined {
    const entry = entries.get(code);
    return entry && entry.expiresAt > Date.now() ? entry.value : undefined;
  }
  async function findLink(code: string): Promise<LinkTarget | null> {
    const hit = cached(code);
    if (hit !== undefined) return hit;
    const value = await findLinkTargetInAnyWorkspace(db, code);
    if (entries.size >= options.maxEntries) entries.clear();
    entries.set(code, { value, expiresAt: Date.now() + options.ttlMs });
    return value;
  }
  return Object.assign(findLink, { cached });
}

export type LinkLookup = ReturnType<typeof createLinkCache>;
