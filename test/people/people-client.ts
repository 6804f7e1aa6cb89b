import { expect } from 'chai';
import { requestJson, type JsonResponse } from '../support/http';

/** The `influtrace_session` value a Set-Cookie header carries. */
export function sessionCookieOf(response: JsonResponse): string {
  const header = response.headers.get('set-cookie') ?? '';
  const match = /influtrace_session=([^;]+)/.exec(header);
  expect(match, `Set-Cookie: ${header}`).to.not.equal(null);
  return match![1]!;
}

/** Calls the admin API as a browser signed in with `cookie` would, from `origin` (the dashboard's, unless a test says otherwise). */
export function asBrowser(adminUrl: string, cookie: string, origin: string | null = new URL(adminUrl).origin) {
  const headers = (extra?: Record<string, string>) => ({ Cookie: `influtrace_session=${cookie}`, ...(origin ? { Origin: origin } : {}), ...extra });
  return {
    get: (path: string) => requestJson(`${adminUrl}${path}`, { headers: headers() }),
    post: (path: string, body?: unknown) => requestJson(`${adminUrl}${path}`, { method: 'POST', body: body ?? {}, headers: headers() }),
    patch: (path: string, body?: unknown) => requestJson(`${adminUrl}${path}`, { method: 'PATCH', body, headers: headers() }),
    send: (method: string, path: string, body?: unknown) => requestJson(`${adminUrl}${path}`, { method, body, headers: headers() }),
  };
}

/** Signs in through the API; returns the answer and the session cookie (when one was set). */
export async function signIn(adminUrl: string, body: { email: string; password: string; totp?: string }) {
  const response = await requestJson(`${adminUrl}/api/v1/auth/sign-in`, { method: 'POST', body });
  const cookie = response.status === 200 ? sessionCookieOf(response) : null;
  return { response, cookie };
}
