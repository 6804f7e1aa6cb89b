import { apiErrorFrom, ApiError, toApiError } from './api-error';

export type ApiClient = {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
};

/**
 * The admin API from the browser: same origin, `Authorization: Bearer <token>`, JSON both ways.
 * Every failure is an ApiError; a 401 also tells the session (the token was revoked or expired).
 */
export function createApiClient(token: string, onUnauthorized: () => void = () => undefined): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw toApiError(err);
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      throw apiErrorFrom(response.status, parsed);
    }
    if (parsed === null) throw new ApiError(response.status, 'unexpected_response', 'The admin API answered without a JSON body.');
    return parsed as T;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body),
  };
}
