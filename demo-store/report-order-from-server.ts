import type { IncomingMessage } from 'node:http';
import { SERVER_ORDERS_PATH } from '../core/public-paths';

/** Where the demo store's own server reports orders, as a real store's backend would: ingest, with a secret key. */
export type ServerReporting = { ingestUrl: string; secretKey: string };

const ITC_COOKIE = 'influtrace_itc';

/** The click id the pixel keeps in its first-party cookie, if the browser sent it. */
export function clickIdFromCookie(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ITC_COOKIE && value.length) {
      try {
        return decodeURIComponent(value.join('=')) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The store's server telling InfluTrace about an order, server to server: its value and currency
 * are the truth (the order shows confirmed), and the click id from the cookie is forwarded so an
 * order the pixel never reported could still be attributed. Never delays the page: it runs after
 * the page is answered, and a failure is only logged.
 */
export function createServerOrderReporter(reporting: ServerReporting, log: (message: string) => void = console.warn) {
  return async function reportOrderFromServer(order: Record<string, unknown>, clickId: string | undefined): Promise<void> {
    try {
      const response = await fetch(`${reporting.ingestUrl}${SERVER_ORDERS_PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${reporting.secretKey}` },
        body: JSON.stringify({ ...order, ...(clickId ? { attribution: { itc: clickId } } : {}) }),
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status !== 202)
        log(`demo-store: the server report of order ${String(order.orderId)} was refused: ${response.status} ${await response.text()}`);
    } catch (err) {
      log(`demo-store: the server report of order ${String(order.orderId)} failed: ${(err as Error).message}`);
    }
  };
}
