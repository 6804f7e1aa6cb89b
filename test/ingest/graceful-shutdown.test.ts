import { expect } from 'chai';
import http from 'node:http';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { createIntegration } from '../../core/repositories/integrations';
import { startIngest } from '../../ingest/start-ingest';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { ALL_JOB_STATES, EVENTS_PATH, ORIGIN, queuedReports, openBacking, type Backing } from './ingest-harness';

type Outcome = { key: string; type: 'order' | 'ping'; status?: number; body?: string; errorCode?: string };

/** Errors that mean the connection was refused or cut, never that the server answered. */
const CONNECTION_ERRORS = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'];

/** One beacon on a connection of its own, so that closing the server can cut it anywhere. */
function postOnOwnConnection(baseUrl: string, origin: string, body: string): Promise<{ status?: number; body?: string; errorCode?: string }> {
  const base = new URL(baseUrl);
  return new Promise((resolve) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: EVENTS_PATH, method: 'POST', agent: false, headers: { 'Content-Type': 'text/plain', Origin: origin } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ errorCode: err.code ?? err.message }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ errorCode: err.code ?? err.message }));
    req.end(body);
  });
}

describe('ingest shutdown', function () {
  describe('when close() is called while beacons are in flight', () => {
    const BEACONS = 200;
    let backing: Backing;
    let outcomes: Outcome[];
    let settledAtClose: number;
    let queuedOrderIds: Set<string>;
    let queuedPingOrigins: Set<string>;

    before(async function () {
      this.timeout(60_000);
      const config = testConfig();
      const ingest = await startIngest(config, createLogger({ level: 'silent', name: 'test' }), 0);
      backing = openBacking(config);
      const { workspaceId } = await newWorkspace(backing.db);
      const integration = await createIntegration(backing.db, { workspaceId, websiteUrl: ORIGIN, origin: ORIGIN });
      // Warm the integration cache, so that the burst is not all waiting on one PostgreSQL query.
      expect((await postOnOwnConnection(ingest.url, ORIGIN, JSON.stringify({ id: integration.id, type: 'ping' }))).status).to.equal(202);

      // Orders, and pings each from an origin of its own so that none is throttled.
      const run = randomString(6);
      let settled = 0;
      const pending = Array.from({ length: BEACONS }, (_, i): Promise<Outcome> => {
        const type = i % 4 === 3 ? 'ping' : 'order';
        const key = type === 'order' ? `SHUT-${run}-${i}` : `https://shop-${run}-${i}.example.com`;
        const beacon =
          type === 'order'
            ? { id: integration.id, type, url: `${ORIGIN}/thanks`, order: { orderId: key, value: 12.5, currency: 'EUR' } }
            : { id: integration.id, type, url: `${key}/` };
        return postOnOwnConnection(ingest.url, type === 'order' ? ORIGIN : key, JSON.stringify(beacon)).then((answer) => {
          settled++;
          return { key, type, ...answer };
        });
      });

      await Promise.race(pending);
      settledAtClose = settled;
      await ingest.close();
      outcomes = await Promise.all(pending);

      queuedOrderIds = new Set((await queuedReports(backing.queues)).map((report) => report.order.orderId));
      const pings = await backing.queues.pings.getJobs([...ALL_JOB_STATES]);
      queuedPingOrigins = new Set(pings.map((job) => job?.data.origin ?? ''));
    });
    after(async () => backing?.close());

    it('closes while beacons are still in flight (or the test proves nothing)', () => {
      expect(settledAtClose).to.be.at.least(1);
      expect(settledAtClose).to.be.below(BEACONS);
      expect(outcomes.filter((o) => o.status === 202).length, 'beacons answered 202').to.be.at.least(1);
    });

    it('answers 202 only for beacons whose job is in the queue', () => {
      const acceptedButMissing = outcomes
        .filter((o) => o.status === 202)
        .filter((o) => (o.type === 'order' ? !queuedOrderIds.has(o.key) : !queuedPingOrigins.has(o.key)));
      expect(acceptedButMissing).to.deep.equal([]);
      for (const o of outcomes.filter((o) => o.status === 202)) expect(JSON.parse(o.body ?? '')).to.deep.equal({ status: 'queued' });
    });

    it('lets every other beacon fail at the connection, never with an HTTP error', () => {
      const neither = outcomes.filter((o) => o.status !== 202 && !CONNECTION_ERRORS.includes(o.errorCode ?? ''));
      expect(neither).to.deep.equal([]);
    });
  });
});
