import { load, save } from './storage';

/** The longest attribution window a workspace may set (365 days): the server applies the workspace's own. */
export const ATTRIBUTION_WINDOW_MS = 365 * 864e5;

const KEY = 'influtrace_attr';
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
 * first-party cookie the store's server can read at checkout; true when the URL carried any.
 */
export function captureAttribution(search: string, now: number, keepMs: number): boolean {
  const params = new URLSearchParams(search);
  const ref = clean(params.get('ref'));
  const itc = clean(params.get('itc'));
  const landing = !!(ref || itc);
  if (landing) {
    save(KEY, { ref, itc, ts: now });
    // A landing without a click id clears the previous one (max-age=0): the last click wins here too.
    document.cookie = `${COOKIE}=${itc ? encodeURIComponent(itc) : ''};path=/;samesite=lax;max-age=${itc ? (keepMs / 1e3) | 0 : 0}`;
  }
  return landing;
}

export function savedAttribution(windowMs: number): Attribution | undefined {
  const saved = load(KEY) as Attribution | null | undefined;
  return saved && Date.now() - saved.ts <= windowMs ? saved : undefined;
}
