import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import IORedis from 'ioredis';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { createLogger } from '../../core/logger';
import { createQueues, type Queues } from '../../core/queues';
import { createCreator } from '../../core/repositories/creators';
import { createIntegration, disconnectIntegration, type Integration } from '../../core/repositories/integrations';
import { createLink } from '../../core/repositories/links';
import { startIngest } from '../../ingest/start-ingest';
import { requestJson, sendBeacon, type JsonResponse } from '../support/http';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { queuedClicks, queuedReports } from './ingest-harness';
import { CHROME_USER_AGENT } from '../support/user-agents';

const PIXEL_PATH = '/api/v1/integrations/custom/t.js';
const EVENTS_PATH = '/api/v1/integrations/custom/events';
const ORIGIN = 'https://shop.example.com';

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A request sent byte for byte as given (fetch would normalise `/r/../x` and decode gzip). */
function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: string[] } = {},
): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** Every refusal is `{"error":{"code","message"}}` (details optional) with the matching status. */
function expectError(res: JsonResponse, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers.get('content-type') ?? '').to.match(/^application\/json/);
  expect(Object.keys(res.body)).to.deep.equal(['error']);
  expect(res.body.error.code).to.equal(code);
  expect(res.body.error.message).to.be.a('string').and.not.equal('');
  expect(Object.keys(res.body.error)).to.satisfy((keys: string[]) => keys.every((k) => ['code', 'message', 'details'].includes(k)));
}

function postEvents(ingestUrl: string, body: string, headers: Record<string, string>) {
  return requestJson(`${ingestUrl}${EVENTS_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers }, body });
}

describe('ingest, at the public edge', function () {
  let config: Config;
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let db: Db;
  let redis: IORedis;
  let queues: Queues;
  let workspaceId: WorkspaceId;
  let seq = 0;
  const nextOrderId = () => `EDGE-${Date.now()}-${++seq}`;

  const newIntegration = (origin = ORIGIN): Promise<Integration> => createIntegration(db, { workspaceId, websiteUrl: origin, origin });
  const orderBeacon = (integrationId: string, orderId = nextOrderId()) => ({
    id: integrationId,
    type: 'order',
    url: `${ORIGIN}/thanks`,
    order: { orderId, value: 79.99, currency: 'usd' },
  });

  before(async function () {
    this.timeout(60_000);
    config = testConfig();
    ingest = await startIngest(config, createLogger({ level: 'silent', name: 'test' }), 0);
    db = createDb(config.databaseUrl, { min: 0, max: 2 });
    redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1 });
    queues = createQueues(redis, config.queuePrefix);
    ({ workspaceId } = await newWorkspace(db));
  });

  after(async () => {
    await ingest?.close();
    if (redis) {
      // The jobs and throttle keys this file left under its own queue prefix.
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 500);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      if (keys.length) await redis.del(...keys);
      await queues.close();
      redis.disconnect();
    }
    await db?.destroy();
  });

  describe('GET t.js', () => {
    it('serves the pixel as JavaScript with a cache lifetime and an ETag', async () => {
      const res = await rawRequest(ingest.url, PIXEL_PATH);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^application\/javascript/);
      expect(res.headers['cache-control']).to.match(/max-age=\d+/);
      expect(res.headers.etag).to.match(/^"[^"]+"$/);
      expect(res.headers['content-encoding']).to.equal(undefined);
      expect(res.body.toString('utf8')).to.include('influtrace');
    });

    it('answers 304 with no body when If-None-Match carries the current ETag', async () => {
      const first = await rawRequest(ingest.url, PIXEL_PATH);
      const again = await rawRequest(ingest.url, PIXEL_PATH, { headers: { 'If-None-Match': String(first.headers.etag) } });
      expect(again.status).to.equal(304);
      expect(again.body).to.have.length(0);
      expect(again.headers.etag).to.equal(first.headers.etag);
      expect(again.headers['cache-control']).to.equal(first.headers['cache-control']);
    });

    it('answers 200 with the script when If-None-Match carries another ETag', async () => {
      const res = await rawRequest(ingest.url, PIXEL_PATH, { headers: { 'If-None-Match': '"an-old-build"' } });
      expect(res.status).to.equal(200);
      expect(res.body.length).to.be.greaterThan(0);
    });

    it('answers 304 when the current ETag comes weak or in a list, as caches and proxies send it', async () => {
      const first = await rawRequest(ingest.url, PIXEL_PATH);
      const etag = String(first.headers.etag);
      const weak = await rawRequest(ingest.url, PIXEL_PATH, { headers: { 'If-None-Match': `W/${etag}` } });
      expect(weak.status, 'weak validator').to.equal(304);
      const list = await rawRequest(ingest.url, PIXEL_PATH, { headers: { 'If-None-Match': `"an-old-build", ${etag}` } });
      expect(list.status, 'list of validators').to.equal(304);
    });

    it('sends the same script gzip-compressed when the browser accepts gzip', async () => {
      const plain = await rawRequest(ingest.url, PIXEL_PATH);
      const zipped = await rawRequest(ingest.url, PIXEL_PATH, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      expect(zipped.status).to.equal(200);
      expect(zipped.headers['content-encoding']).to.equal('gzip');
      expect(zipped.headers.vary ?? '').to.match(/accept-encoding/i);
      expect(zipped.body.length).to.be.lessThan(plain.body.length);
      expect(gunzipSync(zipped.body).equals(plain.body)).to.equal(true);
    });
  });

  describe('OPTIONS on events (CORS preflight)', () => {
    it('answers 204 echoing the exact Origin and allowing credentials, never *', async () => {
      const res = await rawRequest(ingest.url, EVENTS_PATH, {
        method: 'OPTIONS',
        headers: { Origin: 'https://shop.example.com:8443', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      expect(res.status).to.equal(204);
      expect(res.headers['access-control-allow-origin']).to.equal('https://shop.example.com:8443');
      expect(res.headers['access-control-allow-credentials']).to.equal('true');
      expect(String(res.headers['access-control-allow-methods'])).to.include('POST');
      expect(String(res.headers['access-control-allow-headers']).toLowerCase()).to.include('content-type');
      expect(String(res.headers.vary)).to.match(/origin/i);
    });

    it('names no origin at all when the request carries none', async () => {
      const res = await rawRequest(ingest.url, EVENTS_PATH, { method: 'OPTIONS' });
      expect(res.status).to.equal(204);
      expect(res.headers['access-control-allow-origin']).to.equal(undefined);
    });
  });

  describe('POST events', () => {
    let pending: Integration;
    let disconnected: Integration;

    before(async () => {
      pending = await newIntegration();
      disconnected = await newIntegration();
      await disconnectIntegration(db, disconnected.workspaceId, disconnected.id);
    });

    describe('when a ping arrives as text/plain JSON', () => {
      it('answers 202 queued, with CORS headers for the page', async () => {
        const res = await sendBeacon(ingest.url, ORIGIN, { id: pending.id, type: 'ping', url: `${ORIGIN}/` });
        expect(res.status).to.equal(202);
        expect(res.body).to.deep.equal({ status: 'queued' });
        expect(res.headers.get('access-control-allow-origin')).to.equal(ORIGIN);
        expect(res.headers.get('access-control-allow-credentials')).to.equal('true');
      });
    });

    describe('when the body is not JSON', () => {
      it('answers 400 invalid_json', async () => {
        expectError(await postEvents(ingest.url, '{"id":"int_x","type":', { Origin: ORIGIN }), 400, 'invalid_json');
      });
    });

    describe('when the body is empty', () => {
      it('answers 400 invalid_json', async () => {
        const res = await rawRequest(ingest.url, EVENTS_PATH, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'text/plain' } });
        expect(res.status).to.equal(400);
        expect(JSON.parse(res.body.toString('utf8')).error.code).to.equal('invalid_json');
      });
    });

    describe('when the JSON does not match the beacon shape', () => {
      it('answers 400 validation_failed naming the field', async () => {
        const res = await sendBeacon(ingest.url, ORIGIN, { id: pending.id, type: 'order', order: { orderId: 'A-1', value: 10, currency: 'ZZZ' } });
        expectError(res, 400, 'validation_failed');
        expect(res.body.error.details.field).to.equal('order.currency');
      });

      it('refuses a NUL character in any text field as bad input, never a 5xx', async () => {
        for (const beacon of [
          { id: `${pending.id}\u0000`, type: 'ping' },
          { id: pending.id, type: 'order', order: { orderId: 'A\u00001', value: 10, currency: 'USD' } },
          { id: pending.id, type: 'order', order: { orderId: 'A-1', value: 10, currency: 'USD' }, attribution: { ref: 'r\u0000' } },
        ]) {
          const res = await sendBeacon(ingest.url, ORIGIN, beacon);
          expectError(res, 400, 'validation_failed');
        }
      });

      it('names a negative value too', async () => {
        const res = await sendBeacon(ingest.url, ORIGIN, { id: pending.id, type: 'order', order: { orderId: 'A-1', value: -1, currency: 'USD' } });
        expectError(res, 400, 'validation_failed');
        expect(res.body.error.details.field).to.equal('order.value');
      });
    });

    describe('when the body is larger than 8 KiB', () => {
      it('answers 413 payload_too_large', async () => {
        const body = JSON.stringify({ id: pending.id, type: 'ping', url: `${ORIGIN}/?q=${'x'.repeat(9000)}` });
        expectError(await postEvents(ingest.url, body, { Origin: ORIGIN }), 413, 'payload_too_large');
      });

      it('answers 413 also when the body is streamed without a Content-Length', async () => {
        const chunk = 'x'.repeat(1024);
        const res = await rawRequest(ingest.url, EVENTS_PATH, {
          method: 'POST',
          headers: { Origin: ORIGIN, 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' },
          chunks: [`{"id":"${pending.id}","type":"ping","url":"`, ...Array<string>(10).fill(chunk), '"}'],
        });
        expect(res.status).to.equal(413);
        expect(JSON.parse(res.body.toString('utf8')).error.code).to.equal('payload_too_large');
      });
    });

    describe('when no integration has the id', () => {
      it('answers 404 unknown_integration', async () => {
        expectError(await sendBeacon(ingest.url, ORIGIN, { id: 'int_doesnotexist0000000', type: 'ping' }), 404, 'unknown_integration');
      });
    });

    describe('when an order carries neither Origin nor Referer', () => {
      it('answers 403 origin_mismatch', async () => {
        expectError(await sendBeacon(ingest.url, null, orderBeacon(pending.id)), 403, 'origin_mismatch');
      });
    });

    describe('when an order carries only a Referer from the registered origin', () => {
      it('answers 202 and queues the order with the Referer’s origin', async () => {
        const orderId = nextOrderId();
        const res = await postEvents(ingest.url, JSON.stringify(orderBeacon(pending.id, orderId)), { Referer: `${ORIGIN}/checkout/thanks?order=${orderId}` });
        expect(res.status, JSON.stringify(res.body)).to.equal(202);
        expect(res.body).to.deep.equal({ status: 'queued' });
        const report = (await queuedReports(queues)).find((r) => r.order.orderId === orderId);
        expect(report).to.include({ integrationId: pending.id, origin: ORIGIN });
        expect(report?.order).to.include({ currency: 'USD', value: 79.99 });
      });
    });

    describe('when an order comes from another origin', () => {
      it('answers 403 origin_mismatch, still readable by the page through CORS', async () => {
        const res = await sendBeacon(ingest.url, 'http://www.shop.example.com', orderBeacon(pending.id));
        expectError(res, 403, 'origin_mismatch');
        expect(res.headers.get('access-control-allow-origin')).to.equal('http://www.shop.example.com');
      });
    });

    describe('when the integration was disconnected', () => {
      it('answers 409 integration_disconnected for orders and pings alike', async () => {
        expectError(await sendBeacon(ingest.url, ORIGIN, orderBeacon(disconnected.id)), 409, 'integration_disconnected');
        expectError(await sendBeacon(ingest.url, ORIGIN, { id: disconnected.id, type: 'ping' }), 409, 'integration_disconnected');
      });
    });

    describe('after all that bad input', () => {
      it('still serves: GET /healthz answers 200', async () => {
        const res = await requestJson(`${ingest.url}/healthz`);
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal({ status: 'ok' });
      });
    });
  });

  describe('ping throttle', () => {
    let integration: Integration;
    before(async () => {
      integration = await newIntegration();
    });

    describe('when two pings come from the same origin within the window', () => {
      it('queues the first and throttles the second', async () => {
        const first = await sendBeacon(ingest.url, ORIGIN, { id: integration.id, type: 'ping' });
        const second = await sendBeacon(ingest.url, ORIGIN, { id: integration.id, type: 'ping' });
        expect([first.status, second.status]).to.deep.equal([202, 202]);
        expect(first.body).to.deep.equal({ status: 'queued' });
        expect(second.body).to.deep.equal({ status: 'throttled' });
        const pings = (await queues.pings.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter(
          (j) => j?.data.integrationId === integration.id && j.data.origin === ORIGIN,
        );
        expect(pings).to.have.length(1);
      });
    });

    describe('when a ping comes from another origin', () => {
      it('is queued separately, for the troubleshooting view', async () => {
        const other = await sendBeacon(ingest.url, 'http://www.shop.example.com', { id: integration.id, type: 'ping' });
        expect(other.body).to.deep.equal({ status: 'queued' });
        const again = await sendBeacon(ingest.url, 'http://www.shop.example.com', { id: integration.id, type: 'ping' });
        expect(again.body).to.deep.equal({ status: 'throttled' });
      });
    });
  });

  describe('refusal counts', () => {
    let integration: Integration;
    before(async () => {
      integration = await newIntegration();
    });

    describe('when an order is refused for its origin', () => {
      it('counts origin_mismatch for the integration', async () => {
        expect(await ingest.refusals.read(integration.id)).to.deep.equal({});
        const res = await sendBeacon(ingest.url, 'https://evil.example.com', orderBeacon(integration.id));
        expect(res.status).to.equal(403);
        const counts = await waitFor(
          async () => {
            const read = await ingest.refusals.read(integration.id);
            return (read.origin_mismatch ?? 0) >= 1 ? read : undefined;
          },
          'the refusal to be counted',
          5_000,
        );
        expect(counts.origin_mismatch).to.equal(1);
      });
    });

    describe('when an order carries no origin at all', () => {
      it('counts missing_origin separately', async () => {
        await sendBeacon(ingest.url, null, orderBeacon(integration.id));
        const counts = await waitFor(
          async () => {
            const read = await ingest.refusals.read(integration.id);
            return (read.missing_origin ?? 0) >= 1 ? read : undefined;
          },
          'the refusal to be counted',
          5_000,
        );
        expect(counts).to.deep.equal({ origin_mismatch: 1, missing_origin: 1 });
      });
    });
  });

  describe('GET /r/:code', () => {
    describe('when no link has the code', () => {
      it('answers 404 with an HTML page', async () => {
        const res = await rawRequest(ingest.url, '/r/nosuchcode123');
        expect(res.status).to.equal(404);
        expect(res.headers['content-type']).to.match(/^text\/html/);
        expect(res.headers.location).to.equal(undefined);
        expect(res.body.toString('utf8')).to.include('Link not found');
      });
    });

    describe('when the code has characters no code can have', () => {
      for (const path of ['/r/../evil', '/r/%2F%2Fevil.com', '/r/%2E%2E%2Fevil', '/r/https:%2F%2Fevil.com', '/r/a%0d%0aLocation:%20https:%2F%2Fevil.com']) {
        it(`answers 404 and never redirects for ${path}`, async () => {
          const res = await rawRequest(ingest.url, path);
          expect(res.status).to.equal(404);
          expect(res.headers.location).to.equal(undefined);
        });
      }
    });

    describe('when a link has the code', () => {
      it('redirects 302 to its destination with ref and itc appended and its own query kept, and queues the click', async () => {
        const creator = await createCreator(db, { workspaceId, name: 'Ava' });
        const code = `edge${Date.now().toString(36)}`;
        const link = await createLink(db, {
          workspaceId,
          creatorId: creator.id,
          code,
          destinationUrl: `${ORIGIN}/spring?utm_source=ava&utm_medium=social`,
          integrationIds: [],
        });

        const res = await rawRequest(ingest.url, `/r/${code}`, { headers: { 'User-Agent': CHROME_USER_AGENT } });
        expect(res.status).to.equal(302);
        expect(res.headers['cache-control']).to.equal('no-store');
        const location = new URL(String(res.headers.location));
        expect(location.origin + location.pathname).to.equal(`${ORIGIN}/spring`);
        expect(location.searchParams.get('utm_source')).to.equal('ava');
        expect(location.searchParams.get('utm_medium')).to.equal('social');
        expect(location.searchParams.get('ref')).to.equal(code);
        const itc = location.searchParams.get('itc') ?? '';
        expect(itc).to.match(/^clk_[0-9a-z]+$/);

        const click = (await queuedClicks(queues, redis)).find((c) => c.clickId === itc);
        expect(click).to.include({ clickId: itc, linkId: link.id, workspaceId });
      });

      it('gives every click its own itc', async () => {
        const creator = await createCreator(db, { workspaceId, name: 'Ben' });
        const code = `edge2${Date.now().toString(36)}`;
        await createLink(db, { workspaceId, creatorId: creator.id, code, destinationUrl: `${ORIGIN}/`, integrationIds: [] });
        const asPerson = { headers: { 'User-Agent': CHROME_USER_AGENT } };
        const [a, b] = await Promise.all([rawRequest(ingest.url, `/r/${code}`, asPerson), rawRequest(ingest.url, `/r/${code}`, asPerson)]);
        const itcOf = (r: RawResponse) => new URL(String(r.headers.location)).searchParams.get('itc');
        expect(itcOf(a)).to.be.a('string');
        expect(itcOf(a)).to.not.equal(itcOf(b));
      });
    });
  });

  describe('GET /metrics', () => {
    it('answers 200 with the refusal counter by reason', async () => {
      const res = await rawRequest(ingest.url, '/metrics');
      expect(res.status).to.equal(200);
      const text = res.body.toString('utf8');
      expect(text).to.include('influtrace_beacons_refused_total');
      const sample = /^influtrace_beacons_refused_total\{reason="origin_mismatch"\} (\d+)$/m.exec(text);
      expect(sample, 'an origin_mismatch sample').to.not.equal(null);
      expect(Number(sample?.[1])).to.be.at.least(1);
    });

    it('answers with request latency by route pattern and status, never by raw path', async () => {
      const res = await rawRequest(ingest.url, '/metrics');
      const counts = res.body
        .toString('utf8')
        .split('\n')
        .filter((line) => line.startsWith('influtrace_ingest_request_duration_seconds_count{'));
      const count = (route: string, method: string, status: number) => {
        const line = counts.find((l) => l.includes(`route="${route}"`) && l.includes(`method="${method}"`) && l.includes(`status="${status}"`));
        return Number(line?.split(' ').pop() ?? 0);
      };
      expect(count(EVENTS_PATH, 'POST', 202), 'accepted beacons').to.be.at.least(1);
      expect(count(EVENTS_PATH, 'POST', 403), 'refused beacons').to.be.at.least(1);
      expect(count('/r/:code', 'GET', 302), 'redirects').to.be.at.least(1);
      expect(count('/r/:code', 'GET', 404), 'unknown codes').to.be.at.least(1);
      expect(
        counts.filter((l) => l.includes('route="/r/nosuchcode123"')),
        'a raw path as a label',
      ).to.deep.equal([]);
      expect(res.body.toString('utf8')).to.match(/^influtrace_ingest_request_duration_seconds_bucket\{.*le="0\.005".*\} \d+$/m);
    });
  });
});
