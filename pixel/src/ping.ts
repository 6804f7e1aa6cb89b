import { load, save } from './storage';

const KEY = 'influtrace_ping';
const INTERVAL_MS = 3e5;

/** At most one ping per integration and browser every five minutes, except on a new landing. */
export function claimPing(integrationId: string, landing: boolean, now: number): boolean {
  const last = load(KEY) as { id?: unknown; ts: number } | null | undefined;
  if (!landing && last && last.id == integrationId && now - last.ts < INTERVAL_MS) return false;
  save(KEY, { id: integrationId, ts: now });
  return true;
}
