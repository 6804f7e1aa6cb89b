import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';

export type PostOutcome = { responseStatus: number | null; durationMs: number; error: 'timeout' | 'connection_failed' | null };

/** Connects only to the addresses that were checked, whatever the name resolves to by now (no DNS rebinding). */
function lookupOnly(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0]!;
    if (options.all) (callback as (err: null, addresses: LookupAddress[]) => void)(null, addresses);
    else callback(null, first.address, first.family);
  };
}

/**
 * One POST of a signed body. No redirects are followed (a 3xx is a failed attempt); the timeout
 * covers connecting and waiting for the response's status line and headers.
 */
export function postWebhook(input: {
  url: URL;
  addresses: LookupAddress[] | null;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const client = input.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const signal = AbortSignal.timeout(input.timeoutMs);
    const request = client.request(input.url, {
      method: 'POST',
      agent: false,
      signal,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(input.body)),
        'user-agent': 'InfluTrace-Webhooks/1',
        ...input.headers,
      },
      ...(input.addresses ? { lookup: lookupOnly(input.addresses) } : {}),
    });
    request.on('response', (response) => {
      response.on('error', () => undefined);
      response.resume();
      resolve({ responseStatus: response.statusCode ?? null, durationMs: elapsed(), error: null });
    });
    request.on('error', () => resolve({ responseStatus: null, durationMs: elapsed(), error: signal.aborted ? 'timeout' : 'connection_failed' }));
    request.end(input.body);
  });
}
