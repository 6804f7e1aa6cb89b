import type { ApiError } from '../api/api-error';

/** An API error as the API said it: the message, and the stable code for support and searching the docs. */
export function ErrorMessage({ error, id }: { error: ApiError | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" id={id}>
      {error.message} <code className="error-code">{error.code}</code>
    </p>
  );
}
