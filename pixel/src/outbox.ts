import { load, OUTBOX_KEY, save } from './storage';
import { beacon, post } from './transport';

/** At most this many orders wait; the oldest is dropped first. */
const LIMIT = 50;
const KEEP_MS = 7 * 864e5;
/** How long an order being sent is left alone, by this page and by the store's other tabs. */
const LEASE_MS = 5e3;
/** The longest wait between two attempts; until then each wait is as long as the order has waited so far. */
const MAX_BACKOFF_MS = 6e4;
/** How often a page looks for due orders while the outbox holds any. */
const POLL_MS = 1e3;
/** Answers that can never succeed, however often the order is sent again. */
const FINAL = [400, 403, 404, 409, 413];

interface Entry {
  /** the beacon, as sent: one order's, so it also names the entry */
  b: string;
  /** when it was queued */
  t: number;
  /** not to be sent before */
  a: number;
}

/** Looks for due orders every second while the outbox holds any: also those another tab is sending, should it close. */
let poll: ReturnType<typeof setTimeout> | undefined;

const entries = (): Entry[] => (load(OUTBOX_KEY) as Entry[] | null) || [];

/** Done with the order (no delay), or to be sent again no sooner than `retryMs` from now. */
function settle(body: string, retryMs: number): void {
  save(
    OUTBOX_KEY,
    entries().filter((e) => e.b != body || (retryMs && (e.a = Date.now() + retryMs))),
  );
}

/**
 * Sends every order that is due and not being sent already (by this page or another tab: the
 * outbox is read afresh and the lease written before sending). A page being hidden hands every
 * order still in the outbox to sendBeacon, those on their way included (it may be the last
 * chance, and ingest makes a repeat harmless); nobody reads a beacon's answer, so they stay until
 * a later page hears ingest answer for them.
 */
export function flushOutbox(hidden?: unknown): void {
  const now = Date.now();
  const kept = entries()
    .filter((e) => now - e.t < KEEP_MS)
    .slice(-LIMIT);
  const due = kept.filter((e) => (hidden || e.a <= now) && (e.a = now + LEASE_MS));
  save(OUTBOX_KEY, kept);
  for (const e of due) {
    const retryMs = Math.min(MAX_BACKOFF_MS, now - e.t + 1e3);
    if (hidden) beacon(e.b);
    else
      post(e.b)
        .then(
          (answer) => (answer.ok || FINAL.includes(answer.status) ? 0 : Math.max(retryMs, (answer.headers.get('Retry-After') as never) * 1e3 || 0)),
          () => retryMs,
        )
        .then((ms) => settle(e.b, ms));
  }
  clearTimeout(poll);
  if (kept[0]) poll = setTimeout(flushOutbox, POLL_MS);
}

/** Sends what earlier pages left, and hands what is still unsent to sendBeacon when the page is hidden. */
export function startOutbox(): void {
  addEventListener('visibilitychange', () => document.hidden && flushOutbox(1));
  flushOutbox();
}

/** Keeps the order until ingest has answered for it, and sends it at once. */
export function queueOrder(body: string): void {
  save(OUTBOX_KEY, entries().concat({ b: body, t: Date.now(), a: 0 }));
  flushOutbox();
}
