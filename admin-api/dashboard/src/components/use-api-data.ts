import { useCallback, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../api/api-error';

export type ApiData<T> = { data: T | null; error: ApiError | null; loading: boolean; reload(): void };

/** Loads once per change of `key` (and on reload()); an answer that arrives after a newer request is dropped. */
export function useApiData<T>(key: string, load: () => Promise<T>): ApiData<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  // `load` is a new closure each render; `key` names what it loads, so it alone decides when to load again.
  const stableLoad = useCallback(load, [key]);

  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    stableLoad().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (err: unknown) => current && setState((s) => ({ data: s.data, error: toApiError(err), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [stableLoad, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
