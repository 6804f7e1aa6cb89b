/** A small JSON client for black-box tests of the real HTTP servers. */
export type JsonResponse<T = any> = { status: number; body: T; headers: Headers };

export async function requestJson<T = any>(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Sends a beacon the way the pixel does: a text/plain JSON body from the store's origin. */
export function sendBeacon(ingestUrl: string, origin: string | null, beacon: unknown) {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain;charset=UTF-8' };
  if (origin) headers.Origin = origin;
  return requestJson(`${ingestUrl}/api/v1/integrations/custom/events`, { method: 'POST', headers, body: JSON.stringify(beacon) });
}
