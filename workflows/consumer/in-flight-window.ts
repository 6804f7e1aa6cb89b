import type { Db } from '../../core/db';
import { findProcessedReportIds } from '../../core/repositories/orders';

/**
 * Back-pressure between the queue and Temporal: at most `max` order reports signalled by this
 * consumer and not yet processed. A burst then waits in Redis, where it is cheap, rather than as
 * thousands of started workflows whose tasks the Temporal server must store and hand out again
 * (measured on the dev server: 9,000 started at once slowed it to about one order a second).
 *
 * A report leaves the window when its outcome is recorded in PostgreSQL (one query per poll for
 * the whole window), or after `maxWaitMs` whatever happened to it: the workflow is durable, and
 * reconciliation re-drives a report that never got an outcome, so the window never wedges.
 */
export type InFlightWindow = {
  /** Resolves once `count` more reports fit in the window. */
  waitForRoom(count: number): Promise<void>;
  /** Counts these signalled reports until they are processed; `receivedAt` is when ingest accepted each. */
  add(reports: Array<{ reportId: string; receivedAt: string }>): void;
  size(): number;
  close(): void;
};

/** What the window tells the consumer's metrics: reports signalled, processed (with their arrival times) and given up on. */
export type InFlightObserver = {
  signalled(count: number): void;
  processed(receivedAtMs: number[]): void;
  expired(count: number): void;
};

type Signalled = { at: number; receivedAtMs: number };

export function createInFlightWindow(options: { db: Db; max: number; pollMs?: number; maxWaitMs?: number; observer?: InFlightObserver }): InFlightWindow {
  const pollMs = options.pollMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const signalledAt = new Map<string, Signalled>();
  const waiting: Array<{ count: number; resolve(): void }> = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const hasRoom = (count: number) => signalledAt.size === 0 || signalledAt.size + count <= options.max;

  function wakeWaiters(): void {
    while (waiting.length > 0 && (closed || hasRoom(waiting[0]!.count))) waiting.shift()!.resolve();
  }

  async function poll(): Promise<void> {
    timer = null;
    if (closed || signalledAt.size === 0) return;
    const now = Date.now();
    let expired = 0;
    for (const [id, { at }] of signalledAt) {
      if (now - at <= maxWaitMs) continue;
      signalledAt.delete(id);
      expired++;
    }
    if (expired) options.observer?.expired(expired);
    try {
      const processed: number[] = [];
      for (const id of await findProcessedReportIds(options.db, [...signalledAt.keys()])) {
        const entry = signalledAt.get(id);
        if (entry && signalledAt.delete(id)) processed.push(entry.receivedAtMs);
      }
      if (processed.length) options.observer?.processed(processed);
    } catch {
      // PostgreSQL away: reports leave by age instead; the workflows retry on their own.
    }
    wakeWaiters();
    schedulePoll();
  }

  function schedulePoll(): void {
    if (!timer && !closed && signalledAt.size > 0) timer = setTimeout(() => void poll(), pollMs);
  }

  return {
    waitForRoom(count) {
      if (closed || (waiting.length === 0 && hasRoom(count))) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.push({ count, resolve }));
    },
    add(reports) {
      const now = Date.now();
      for (const { reportId, receivedAt } of reports) signalledAt.set(reportId, { at: now, receivedAtMs: Date.parse(receivedAt) || now });
      if (reports.length) options.observer?.signalled(reports.length);
      schedulePoll();
    },
    size: () => signalledAt.size,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      wakeWaiters();
    },
  };
}
