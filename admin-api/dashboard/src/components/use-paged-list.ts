import { useState } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import type { Page } from '../api/types';
import { useSession } from '../session/session-context';
import { useApiData } from './use-api-data';

/**
 * A list the API pages (`nextCursor`): the first page loads with `path` (its filters in the query),
 * Load more appends the next; a change of `path` starts again from the first page.
 */
export function usePagedList<T>(path: string) {
  const { api } = useSession();
  const firstPage = useApiData(path, () => api.get<Page<T>>(path));
  const [more, setMore] = useState<{ path: string; items: T[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<ApiError | null>(null);

  const extra = more?.path === path ? more : null;
  const items = [...(firstPage.data?.data ?? []), ...(extra?.items ?? [])];
  const nextCursor = extra ? extra.cursor : (firstPage.data?.nextCursor ?? null);

  async function loadMore() {
    if (!nextCursor) return;
    setMoreError(null);
    try {
      const page = await api.get<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(nextCursor)}`);
      setMore({ path, items: [...(extra?.items ?? []), ...page.data], cursor: page.nextCursor });
    } catch (err) {
      setMoreError(toApiError(err));
    }
  }

  function refresh() {
    setMore(null);
    firstPage.reload();
  }

  return {
    items,
    loaded: firstPage.data !== null,
    loading: firstPage.loading,
    error: firstPage.error,
    moreError,
    nextCursor,
    loadMore: () => void loadMore(),
    refresh,
  };
}
