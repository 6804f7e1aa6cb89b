import http from 'node:http';

export type RawRequest = { method?: string; path: string; headers?: Record<string, string>; body?: string | Uint8Array };
export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** Keep-alive, so that thousands of fuzz requests do not exhaust local ports. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * Sends the request byte for byte as given: any Content-Type or none, raw bytes, headers fetch
 * would refuse to send (an Origin of `null`, odd values), paths fetch would normalise.
 */
export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: request.path, method: request.method ?? 'GET', headers: request.headers, agent },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** The `{"error":{"code","message"}}` body of a refusal, or a description of what came instead. */
export function errorOf(response: RawResponse): { code: string; message: string } | string {
  const described = `${response.status} ${response.headers['content-type'] ?? ''} ${response.text.slice(0, 300)}`;
  if (!/^application\/json/.test(String(response.headers['content-type'] ?? ''))) return `not JSON: ${described}`;
  try {
    const body = JSON.parse(response.text) as { error?: { code?: unknown; message?: unknown } };
    const keys = Object.keys(body);
    const error = body.error;
    if (keys.length !== 1 || !error || typeof error.code !== 'string' || typeof error.message !== 'string' || !/^[a-z][a-z_]*$/.test(error.code)) {
      return `not an error body: ${described}`;
    }
    const errorKeys = Object.keys(error).filter((k) => !['code', 'message', 'details'].includes(k));
    if (errorKeys.length) return `extra keys in error: ${described}`;
    return { code: error.code, message: error.message };
  } catch {
    return `invalid JSON: ${described}`;
  }
}
