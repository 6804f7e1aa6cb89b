import { apiErrorFrom, ApiError, toApiError } from './api-error';

export type ApiClient = {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string, body?: unknown): Promise<T>;
  /** A file the API answers (a CSV report), as a Blob to save. */
  download(path: string): Promise<Blob>;
};

/**
 * The admin API from the browser: same origin, `Authorization: Bearer <token>` for a token, else the
 * person's `influtrace_session` cookie (HttpOnly: the page never sees it), JSON both ways.
 * Every failure is an ApiError; a 401 also tells the session (the token was revoked, the session ended).
 */
export function createApiClient(token: string | null, onUnauthorized: () => void = () => undefined): ApiClient {
  async function send(method: string, path: string, accept: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          Accept: accept,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw toApiError(err);
    }
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      throw apiErrorFrom(response.status, await response.json().catch(() => null));
    }
    return response;
  }

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, 'application/json', body);
    if (response.status === 204) return undefined as T;
    const parsed: unknown = await response.json().catch(() => null);
    // A 202 may carry what was accepted (a refund's id) or nothing (a password reset asked for).
    if (parsed === null && response.status === 202) return undefined as T;
    if (parsed === null) throw new ApiError(response.status, 'unexpected_response', 'The admin API answered without a JSON body.');
    return parsed as T;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path, body) => call('DELETE', path, body),
    download: async (path) => (await send('GET', path, 'text/csv')).blob(),
  };
}
