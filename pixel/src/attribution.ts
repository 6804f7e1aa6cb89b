import { load, save } from './storage';

export const ATTRIBUTION_WINDOW_MS = 30 * 864e5;

const KEY = 'influtrace_attr';
const MAX_LENGTH = 64;

export interface Attribution {
  ref?: string;
  itc?: string;
  ts: number;
}

function clean(value: string | null): string | undefined {
  return value && value.length <= MAX_LENGTH ? value : undefined;
}

/** Saves ref/itc from a landing URL (last click wins); true when the URL carried any. */
export function captureAttribution(search: string, now: number): boolean {
  const params = new URLSearchParams(search);
  const ref = clean(params.get('ref'));
  const itc = clean(params.get('itc'));
  const landing = !!(ref || itc);
  if (landing) save(KEY, { ref, itc, ts: now });
  return landing;
}

export function savedAttribution(windowMs: number): Attribution | undefined {
  const saved = load(KEY) as Attribution | null | undefined;
  return saved && Date.now() - saved.ts <= windowMs ? saved : undefined;
}
