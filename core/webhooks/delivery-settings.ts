// Imported by workflow code too: plain data, no Node modules.

/** How one delivery is tried: the pause before each retry, the HTTP timeout, and when a failing endpoint is disabled. */
export type WebhookDeliverySettings = {
  /** Seconds to wait before retry 1, 2, …; one attempt more than there are delays. */
  retryDelaysSeconds: number[];
  /** Whole HTTP exchange, connecting included. */
  attemptTimeoutMs: number;
  /** An endpoint that has answered nothing but failures for this long is disabled (reason `failing`). */
  disableAfterFailingSeconds: number;
};

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** About 5 s, 30 s, 2 min, 10 min, 1 h, then every 6 hours: the last attempt comes just after 3 days of failures. */
export const DEFAULT_WEBHOOK_DELIVERY: WebhookDeliverySettings = {
  retryDelaysSeconds: [5, 30, 2 * MINUTE, 10 * MINUTE, HOUR, ...Array.from({ length: 12 }, () => 6 * HOUR)],
  attemptTimeoutMs: 10_000,
  disableAfterFailingSeconds: 3 * DAY,
};
