/**
 * `load` run by the first `get` and its value kept for every later one; while it is pending,
 * callers share it. A load that fails is forgotten, so the next `get` runs it again.
 * `forget` drops what is kept and hands back the promise it had, for closing it.
 */
export function loadOnce<T>(load: () => Promise<T>): { get(): Promise<T>; forget(): Promise<T> | undefined } {
  let loading: Promise<T> | undefined;
  return {
    get() {
      loading ??= load().catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      return loading;
    },
    forget() {
      const kept = loading;
      loading = undefined;
      return kept;
    },
  };
}
