export const ATTRIBUTION_KEY = 'influtrace_attr';
export const SENT_KEY = 'influtrace_sent';
export const PING_KEY = 'influtrace_ping';
export const OUTBOX_KEY = 'influtrace_outbox';
/** Everything the pixel keeps in localStorage. */
const KEYS = [ATTRIBUTION_KEY, SENT_KEY, PING_KEY, OUTBOX_KEY];

/**
 * Set once localStorage failed (disabled, blocked or full), and while consent is denied: the
 * page then keeps its state in memory and writes nothing to the device.
 */
export let memory: Record<string, unknown> | undefined;

export function load(key: string): unknown {
  if (!memory)
    try {
      return JSON.parse(localStorage.getItem(key) as string);
    } catch {
      memory = {};
    }
  return memory[key];
}

export function save(key: string, value: unknown): void {
  if (!memory)
    try {
      return localStorage.setItem(key, JSON.stringify(value));
    } catch {
      memory = {};
    }
  memory[key] = value;
}

/**
 * Denied: what the pixel stored moves into memory and leaves localStorage (a memory already in
 * use is kept: nothing in it is lost if removing throws). Granted: what memory holds is stored.
 */
export function store(granted: boolean): void {
  const values = KEYS.map(load);
  memory = granted ? undefined : memory || {};
  KEYS.map((key, i) => {
    if (values[i]) save(key, values[i]);
    if (!granted) localStorage.removeItem(key);
  });
}
