import { expect } from 'chai';
import http from 'node:http';
import type { Socket } from 'node:net';
import { EVENTS_PATH } from '../../core/public-paths';
import { startPipeline, type Pipeline } from '../support/pipeline';

type Answer = { status: number; connection: string | undefined; exposed: string | undefined; socket: Socket | null };

/**
 * One request on a keep-alive agent of one socket: a second request reuses the connection the
 * first one left open, as browsers and HTTP client libraries do.
 */
function send(
  agent: http.Agent,
  url: string,
  options: { method?: string; body?: string; chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'text/plain', ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: options.method ?? 'GET', agent, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          connection: res.headers.connection,
          exposed: res.headers['access-control-expose-headers'] as string | undefined,
          socket: req.socket,
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('a refused request body, on a keep-alive connection', function () {
  let p: Pipeline;
  let agent: http.Agent;

  before(async function () {
    this.timeout(60_000);
    p = await startPipeline({ worker: false });
  });
  after(async function () {
    await p?.stop();
  });
  beforeEach(() => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(() => agent.destroy());

  const beacon = (url: string) => JSON.stringify({ id: 'int_unknown', type: 'ping', url });

  for (const { name, body, chunked } of [
    { name: 'of 200 KB with a Content-Length', body: beacon(`https://shop.example/${'x'.repeat(200_000)}`), chunked: false },
    { name: 'of 3 MB streamed without a Content-Length', body: beacon(`https://shop.example/${'x'.repeat(3_000_000)}`), chunked: true },
  ]) {
    it(`is answered 413 with Connection: close by ingest, and the next request gets its answer (${name})`, async function () {
      const refused = await send(agent, `${p.ingestUrl}${EVENTS_PATH}`, { method: 'POST', body, chunked, headers: { Origin: 'https://shop.example' } });
      expect(refused).to.include({ status: 413, connection: 'close' });
      const next = await send(agent, `${p.ingestUrl}${EVENTS_PATH}`, {
        method: 'POST',
        body: beacon('https://shop.example/'),
        headers: { Origin: 'https://shop.example' },
      });
      expect(next.status, 'the request after the refusal').to.equal(404);
    });
  }

  it('keeps the connection of an answered beacon open, and lets a page read Retry-After', async function () {
    const first = await send(agent, `${p.ingestUrl}${EVENTS_PATH}`, {
      method: 'POST',
      body: beacon('https://shop.example/'),
      headers: { Origin: 'https://shop.example' },
    });
    const second = await send(agent, `${p.ingestUrl}/healthz`);
    expect(first).to.include({ status: 404, connection: 'keep-alive', exposed: 'Retry-After' });
    expect(second.status).to.equal(200);
    expect(second.socket, 'the same connection').to.equal(first.socket);
  });

  it('is answered 413 with Connection: close by the admin API, and the next request gets its answer', async function () {
    const body = JSON.stringify({ name: 'x'.repeat(200_000) });
    const refused = await send(agent, `${p.adminUrl}/api/v1/creators`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect(refused).to.include({ status: 413, connection: 'close' });
    const next = await send(agent, `${p.adminUrl}/healthz`);
    expect(next.status, 'the request after the refusal').to.equal(200);
  });

  it('keeps an admin API connection open after an ordinary refusal whose body was read', async function () {
    const first = await send(agent, `${p.adminUrl}/api/v1/creators`, {
      method: 'POST',
      body: '{"name":"Ava"}',
      headers: { 'Content-Type': 'application/json' },
    });
    const second = await send(agent, `${p.adminUrl}/healthz`);
    expect(first).to.include({ status: 401, connection: 'keep-alive' });
    expect(second.socket, 'the same connection').to.equal(first.socket);
  });
});
