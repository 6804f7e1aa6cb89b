const PATH = '/api/v1/integrations/custom/';

/** The events endpoint on the origin this script was served from. */
export function findEndpoint(): string {
  const found = document.querySelectorAll<HTMLScriptElement>(`script[src*="${PATH}t.js"]`);
  const script = (document.currentScript || found[found.length - 1]) as HTMLScriptElement;
  return new URL(PATH + 'events', script.src).href;
}

export function send(endpoint: string, payload: object): void {
  const body = JSON.stringify(payload);
  try {
    if (navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }))) return;
  } catch {
    // no sendBeacon: fall back to fetch
  }
  // credentials stay at the default (same-origin): no cookies go to the ingest origin
  fetch(endpoint, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/plain' },
    keepalive: true,
  }).catch(() => undefined);
}
