import type { Db } from '../core/db';
import { findLinkTargetInAnyWorkspace } from '../core/repositories/links';

export type LinkTarget = { linkId: string; workspaceId: string; destinationUrl: string };

/** Tracking-link targets by code, cached briefly so a redirect does not wait on PostgreSQL each time. */
export function createLinkCache(db: Db, options: { ttlMs: number; maxEntries: number } = { ttlMs: 30_000, maxEntries: 100_000 }) {
  const entries = new Map<string, { value: LinkTarget | null; expiresAt: number }>();
  return async function findLink(code: string): Promise<LinkTarget | null> {
    const cached = entries.get(code);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const value = await findLinkTargetInAnyWorkspace(db, code);
    if (entries.size >= options.maxEntries) entries.clear();
    entries.set(code, { value, expiresAt: Date.now() + options.ttlMs });
    return value;
  };
}

export type LinkLookup = ReturnType<typeof createLinkCache>;
