import { ATTRIBUTION_KEY, load, memory, save } from './storage';

/** The longest attribution window a workspace may set (365 days): the server applies the workspace's own. */
export const ATTRIBUTION_WINDOW_MS = 365 * 864e5;

const COOKIE = 'influtrace_itc';
const MAX_LENGTH = 64;

export interface Attribution {
  ref?: string;
  itc?: string;
  ts: number;
}

function clean(value: string | null): string | undefined {
  return value && value.length <= MAX_LENGTH ? value : undefined;
}

/**
 * Saves ref/itc from a landing URL (last click wins) for `keepMs`, and the click id in a
 * first-party cookie the store's server can read at checkout; truthy when the URL carried any.
 */
export function captureAttribution(search: string, now: number, keepMs: number): unknown {
  const params = new URLSearchParams(search);
  const ref = clean(params.get('ref'));
  const itc = clean(params.get('itc'));
  const landing = ref || itc;
  if (landing) {
    save(ATTRIBUTION_KEY, { ref, itc, ts: now });
    saveClickCookie(itc, keepMs);
  }
  return landing;
}

/**
 * The click id in a first-party cookie the store's server can read at checkout; none (max-age=0)
 * removes it: a landing without a click id clears the previous one, the last click wins here too.
 * Nothing is written while the page keeps its state in memory (consent denied, or localStorage failed).
 */
export function saveClickCookie(itc?: string, keepMs?: number): void {
  if (!memory) document.cookie = `${COOKIE}=${encodeURIComponent(itc || '')};path=/;samesite=lax;max-age=${itc ? (keepMs as number) / 1e3 : 0}`;
}

export function savedAttribution(windowMs: number): Attribution | undefined {
  const saved = load(ATTRIBUTION_KEY) as Attribution | null | undefined;
  return saved && Date.now() - saved.ts <= windowMs ? saved : undefined;
}
