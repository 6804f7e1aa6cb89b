import type { ApiError } from '../api/api-error';
import { ErrorMessage } from './error-message';

/** Below a paged list: why the next page did not load, and Load more while there is one. */
export function LoadMore({ list }: { list: { moreError: ApiError | null; nextCursor: string | null; loadMore(): void } }) {
  return (
    <>
      <ErrorMessage error={list.moreError} />
      {list.nextCursor && (
        <button type="button" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </>
  );
}
