/**
 * Gathers the items added during one turn of the event loop and hands them to `flush` together,
 * so that fifty beacons arriving at once cost one queue job (one Redis script) instead of fifty.
 * `add` resolves only once its batch was flushed, and rejects if that flush failed: an HTTP
 * handler awaiting it still answers 202 only for an item that is really in the queue.
 *
 * A quiet server pays nothing for it: a lone item is flushed on the next `setImmediate`, before
 * any timer, so it waits no longer than the rest of the current I/O callbacks.
 */
export type JobBatcher<Item> = {
  add(item: Item): Promise<void>;
  /** Resolves once every item added so far has been flushed (or failed). */
  drain(): Promise<void>;
};

type Pending<Item> = { items: Item[]; settle: Array<{ resolve(): void; reject(err: unknown): void }> };

export function createJobBatcher<Item>(options: { maxItems: number; flush: (items: Item[]) => Promise<void> }): JobBatcher<Item> {
  let pending: Pending<Item> | null = null;
  const inFlight = new Set<Promise<void>>();

  function flushPending(): void {
    const batch = pending;
    pending = null;
    if (!batch) return;
    const done = options.flush(batch.items).then(
      () => batch.settle.forEach((s) => s.resolve()),
      (err: unknown) => batch.settle.forEach((s) => s.reject(err)),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  }

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
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
