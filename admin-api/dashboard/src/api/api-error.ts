/** An error as the admin API reports it: `{"error":{"code","message"}}` and the HTTP status; status 0 when the API was not reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ErrorBody = { error?: { code?: unknown; message?: unknown; details?: unknown } };

/** The API's own error when the body has one; a stable code of ours when it does not (a proxy's HTML page, say). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as ErrorBody | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : undefined;
    return new ApiError(status, error.code, error.message, details);
  }
  return new ApiError(status, 'unexpected_response', `The admin API answered ${status} without an error description.`);
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, 'network_error', 'Could not reach the admin API. Check your connection and try again.');
}
