let endpoint: URL;

/** The events endpoint sits beside this script (t.js and events share ingest's /api/v1/integrations/custom/). */
export function findEndpoint(): void {
  endpoint = new URL('events', (document.currentScript as HTMLScriptElement).src);
}

/**
 * A POST that outlives the page (keepalive) and whose answer can be read. A string body goes as
 * text/plain;charset=UTF-8, so there is no CORS preflight. Credentials stay at the default
 * (same-origin): no cookies go to the ingest origin.
 */
export function post(body: string): Promise<Response> {
  return fetch(endpoint, { method: 'POST', body, keepalive: true });
}

/** Fire and forget (text/plain as well): the browser delivers it even after the page is gone, and nobody reads the answer. */
export function beacon(body: string): void {
  try {
    navigator.sendBeacon(endpoint, body);
  } catch {
    // no sendBeacon: orders stay in the outbox for a later page; a ping is not worth more
  }
}
