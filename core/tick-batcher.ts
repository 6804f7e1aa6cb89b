/**
 * Gathers the items added during one turn of the event loop and hands them to `flush` together,
 * so that fifty beacons arriving at once cost one Redis command instead of fifty (one queue job
 * for their reports, one script call for their rate-limit counts).
 * `add` resolves only once its batch was flushed, with that item's result when `flush` returns
 * one per item (in order), and rejects if the flush failed: an HTTP handler awaiting it still
 * answers 202 only for an item that is really in the queue.
 *
 * A quiet server pays nothing for it: a lone item is flushed on the next `setImmediate`, before
 * any timer, so it waits no longer than the rest of the current I/O callbacks.
 */
export type TickBatcher<Item, Result = void> = {
  add(item: Item): Promise<Result>;
  /** Resolves once every item added so far has been flushed (or failed). */
  drain(): Promise<void>;
};

type Pending<Item, Result> = { items: Item[]; settle: Array<{ resolve(result: Result): void; reject(err: unknown): void }> };

export function createTickBatcher<Item, Result = void>(options: {
  maxItems: number;
  flush: (items: Item[]) => Promise<readonly Result[] | void>;
}): TickBatcher<Item, Result> {
  let pending: Pending<Item, Result> | null = null;
  const inFlight = new Set<Promise<void>>();

  function flushPending(): void {
    const batch = pending;
    pending = null;
    if (!batch) return;
    const done = options.flush(batch.items).then(
      (results) => batch.settle.forEach((s, i) => s.resolve(results?.[i] as Result)),
      (err: unknown) => batch.settle.forEach((s) => s.reject(err)),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  }

  return {
    add(item) {
      return new Promise<Result>((resolve, reject) => {
        if (!pending) {
          pending = { items: [], settle: [] };
          setImmediate(flushPending);
        }
        pending.items.push(item);
        pending.settle.push({ resolve, reject });
        if (pending.items.length >= options.maxItems) flushPending();
      });
    },
    async drain() {
      flushPending();
      await Promise.allSettled([...inFlight]);
    },
  };
}
