import { load, PING_KEY, save } from './storage';

const INTERVAL_MS = 3e5;

/** At most one ping per integration and browser every five minutes, except on a new landing. */
export function claimPing(integrationId: string, landing: unknown, now: number): boolean {
  const last = load(PING_KEY) as { id?: unknown; ts: number } | null | undefined;
  if (!landing && last && last.id == integrationId && now - last.ts < INTERVAL_MS) return false;
  save(PING_KEY, { id: integrationId, ts: now });
  return true;
}
