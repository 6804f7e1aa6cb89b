import { expect } from 'chai';
import type fc from 'fast-check';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { reportsOf } from '../../core/queues';
import { createIntegration } from '../../core/repositories/integrations';
import { startIngest } from '../../ingest/start-ingest';
import { MAX_BEACON_BYTES } from '../../ingest/read-beacon';
import {
  ORDER_ID_PLACEHOLDER,
  arbitraryBytesAndContentTypes,
  arbitraryJsonBodies,
  arbitraryMutatedBeacons,
  arbitraryNearLimitBodies,
  arbitrarySpoofedOrders,
  type BeaconRequest,
  type BeaconTargets,
} from '../support/beacon-arbitraries';
import { fuzz, fuzzSeed } from '../support/fuzz';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { errorOf, rawRequest, type RawResponse } from '../support/raw-http';
import { connectStore, newWorkspace, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { ALL_JOB_STATES, EVENTS_PATH, openBacking } from '../ingest/ingest-harness';

/** What the fuzz sent and what ingest answered: the accepted orders must all arrive, the refused ones never. */
type Ledger = { cases: number; byStatus: Map<number, number>; accepted: Map<string, number>; refusedOrderIds: string[] };

const keyOf = (integrationId: string, orderId: string) => `${integrationId}\u0001${orderId}`;

/** The (integration, trimmed order id) of an order beacon the server could have accepted, as JSON.parse reads it. */
function acceptedOrderKey(body: string | Uint8Array): string | null {
  try {
    const beacon = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    return beacon?.type === 'order' ? keyOf(beacon.id, String(beacon.order.orderId).trim()) : null;
  } catch {
    return null;
  }
}

describe('ingest under fuzzed bad input', function () {
  this.timeout(240_000);
  let p: Pipeline;
  let store: ConnectedStore;
  let targets: BeaconTargets;
  const ledger: Ledger = { cases: 0, byStatus: new Map(), accepted: new Map(), refusedOrderIds: [] };
  let caseNo = 0;

  /** Sends one generated request and checks the answer: never 5xx, and every refusal a JSON error. */
  async function sendAndCheck(request: BeaconRequest): Promise<RawResponse> {
    const orderId = `FZ-${randomString(6)}-${++caseNo}`;
    const body = typeof request.body === 'string' ? request.body.split(ORDER_ID_PLACEHOLDER).join(orderId) : request.body;
    const response = await rawRequest(p.ingestUrl, { method: 'POST', path: EVENTS_PATH, headers: request.headers, body });
    ledger.cases++;
    ledger.byStatus.set(response.status, (ledger.byStatus.get(response.status) ?? 0) + 1);
    const described = `${request.label} → ${response.status} ${response.text.slice(0, 200)}`;
    expect(response.status, described).to.be.within(200, 499);
    if (response.status === 202) {
      expect(['{"status":"queued"}', '{"status":"throttled"}'], described).to.include(response.text);
      const key = acceptedOrderKey(body);
      if (key) ledger.accepted.set(key, (ledger.accepted.get(key) ?? 0) + 1);
    } else {
      const error = errorOf(response);
      expect(error, described).to.be.an('object');
      if (typeof body === 'string' && body.includes(orderId)) ledger.refusedOrderIds.push(orderId);
    }
    return response;
  }

  before(async function () {
    this.timeout(120_000);
    // The limiter would turn most of the fuzz into 429s; it has a test of its own below.
    p = await startPipeline({ config: { rateLimits: { beaconsPerMinute: 1_000_000, redirectsPerMinute: 1_000_000 } } });
    store = await connectStore(p, 'https://fuzz-shop.example.com');
    const pending = await requestJson(`${p.adminUrl}/api/v1/integrations`, { token: store.token, body: { type: 'custom', websiteUrl: store.origin } });
    const closed = await requestJson(`${p.adminUrl}/api/v1/integrations`, { token: store.token, body: { type: 'custom', websiteUrl: store.origin } });
    await requestJson(`${p.adminUrl}/api/v1/integrations/${closed.body.id}/disconnect`, { method: 'POST', token: store.token });
    targets = {
      connected: store.integrationId,
      pending: pending.body.id,
      disconnected: closed.body.id,
      unknown: `int_${randomString(20)}`,
      origin: store.origin,
    };
  });
  after(async () => {
    const statuses = [...ledger.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    console.log(`      ingest fuzz: ${ledger.cases} requests (seed ${fuzzSeed()}): ${statuses.join(' ')}; ${ledger.accepted.size} distinct orders accepted`);
    await p?.stop();
  });

  const properties: { name: string; runs: number; arbitrary: (t: BeaconTargets) => fc.Arbitrary<BeaconRequest> }[] = [
    { name: 'any JSON value as the body', runs: 400, arbitrary: arbitraryJsonBodies },
    {
      name: 'a valid beacon with one field removed, mistyped, emptied, huge, unicode, NUL or deeply nested, or a prototype key added',
      runs: 1000,
      arbitrary: arbitraryMutatedBeacons,
    },
    { name: 'random bytes, other encodings and every kind of Content-Type', runs: 300, arbitrary: arbitraryBytesAndContentTypes },
    { name: 'bodies within 300 bytes either side of the 8 KiB limit', runs: 150, arbitrary: (t) => arbitraryNearLimitBodies(t, MAX_BEACON_BYTES) },
  ];
  for (const property of properties) {
    it(`answers 202 or a 4xx JSON error, never a 5xx, for ${property.name}`, async () => {
      const ran = await fuzz(property.arbitrary(targets), property.runs, async (request) => {
        await sendAndCheck(request);
      });
      expect(ran).to.be.at.least(property.runs);
    });
  }

  it('answers 413 payload_too_large for every body over 8 KiB, and accepts none', async () => {
    await fuzz(arbitraryNearLimitBodies(targets, MAX_BEACON_BYTES), 100, async (request) => {
      const response = await sendAndCheck(request);
      if (Buffer.byteLength(request.body) > MAX_BEACON_BYTES) expect(response.status, request.label).to.equal(413);
    });
  });

  it('refuses with 403 origin_mismatch every order whose Origin or Referer is not exactly the registered origin', async () => {
    await fuzz(arbitrarySpoofedOrders(targets), 300, async (request) => {
      const response = await sendAndCheck(request);
      expect(response.status, request.label).to.equal(403);
      expect(errorOf(response), request.label).to.deep.include({ code: 'origin_mismatch' });
    });
  });

  describe('after the fuzz', () => {
    it('wrote an order report for each accepted order and none for any refused one', async function () {
      this.timeout(180_000);
      const integrationIds = [targets.connected, targets.pending, targets.disconnected, targets.unknown];
      const acceptedReports = [...ledger.accepted.values()].reduce((sum, n) => sum + n, 0);
      expect(ledger.refusedOrderIds.length, 'refused order beacons').to.be.greaterThan(500);
      const reports = await waitFor(
        async () => {
          const rows: { integration_id: string; order_id: string }[] = await p
            .db('order_reports')
            .whereIn('integration_id', integrationIds)
            .select('integration_id', 'order_id');
          return rows.length >= acceptedReports ? rows : undefined;
        },
        `${acceptedReports} order reports`,
        120_000,
      );
      expect(reports.length, 'no report beyond the accepted orders').to.equal(acceptedReports);
      const reported = new Map<string, number>();
      for (const row of reports) reported.set(keyOf(row.integration_id, row.order_id), (reported.get(keyOf(row.integration_id, row.order_id)) ?? 0) + 1);
      expect(reported).to.deep.equal(ledger.accepted);
      for (let i = 0; i < ledger.refusedOrderIds.length; i += 500) {
        const batch = ledger.refusedOrderIds.slice(i, i + 500);
        expect(await p.db('order_reports').whereIn('order_id', batch).count({ n: '*' }).first(), 'reports of refused beacons').to.deep.equal({ n: '0' });
        expect(await p.db('orders').whereIn('order_id', batch).count({ n: '*' }).first(), 'orders of refused beacons').to.deep.equal({ n: '0' });
      }
    });

    it('processed every accepted order to an outcome, none lost', async function () {
      this.timeout(180_000);
      const expected = ledger.accepted.size;
      const processed = await waitFor(
        async () => {
          const row = await p.db('orders').whereIn('integration_id', [targets.connected, targets.pending]).count({ n: '*' }).first();
          return Number(row?.n) >= expected ? Number(row?.n) : undefined;
        },
        `${expected} orders processed`,
        150_000,
      );
      expect(processed).to.equal(expected);
    });

    it('credited none of them: orders before Verify are skipped not_connected, and nothing attributes the others', async () => {
      const outcomes: { integration_id: string; status: string; reason: string | null; n: string }[] = await p
        .db('orders')
        .whereIn('integration_id', [targets.connected, targets.pending])
        .groupBy('integration_id', 'status', 'reason')
        .select('integration_id', 'status', 'reason')
        .count({ n: '*' });
      const summary = outcomes.map((o) => `${o.integration_id === targets.pending ? 'pending' : 'connected'} ${o.status} ${o.reason}`).sort();
      expect(summary).to.deep.equal(['connected skipped unattributable', 'pending skipped not_connected']);
    });

    it('left no prototype polluted in the process that parsed the beacons', () => {
      const probe: Record<string, unknown> = {};
      expect(probe.polluted, 'Object.prototype.polluted').to.equal(undefined);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'a')).to.equal(false);
    });

    it('still answers /healthz, and accepts and credits a valid order', async function () {
      this.timeout(60_000);
      expect((await requestJson(`${p.ingestUrl}/healthz`)).status).to.equal(200);
      const orderId = `AFTER-FUZZ-${randomString(6)}`;
      const coupon = await requestJson(`${p.adminUrl}/api/v1/coupons`, {
        token: store.token,
        body: { creatorId: store.creatorId, code: `AFTER-${randomString(6)}`, integrationIds: [store.integrationId] },
      });
      const accepted = await sendBeacon(p.ingestUrl, store.origin, {
        id: store.integrationId,
        type: 'order',
        order: { orderId, value: 12, currency: 'EUR', coupon: coupon.body.code },
      });
      expect(accepted.status).to.equal(202);
      expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited', creatorId: store.creatorId });
    });
  });
});

describe('the beacon rate limit, at fuzz speed', function () {
  this.timeout(60_000);
  const LIMIT = 40;
  const SENT = 100;

  it(`accepts exactly ${LIMIT} of ${SENT} concurrent valid beacons from one address, answers 429 with Retry-After to the rest, and queues only those ${LIMIT}`, async () => {
    const config = testConfig({ rateLimits: { beaconsPerMinute: LIMIT, redirectsPerMinute: LIMIT } });
    const ingest = await startIngest(config, createLogger({ level: 'silent', name: 'test' }), 0);
    const backing = openBacking(config);
    try {
      const origin = 'https://limited.example.com';
      const { workspaceId } = await newWorkspace(backing.db);
      const integration = await createIntegration(backing.db, { workspaceId, websiteUrl: origin, origin });
      const responses = await Promise.all(
        Array.from({ length: SENT }, (_, i) =>
          rawRequest(ingest.url, {
            method: 'POST',
            path: EVENTS_PATH,
            headers: { 'Content-Type': 'text/plain', Origin: origin },
            body: JSON.stringify({ id: integration.id, type: 'order', order: { orderId: `RL-${i}`, value: i, currency: 'USD' } }),
          }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 202)).to.have.length(LIMIT);
      const refused = responses.filter((r) => r.status === 429);
      expect(refused).to.have.length(SENT - LIMIT);
      for (const r of refused) {
        expect(errorOf(r)).to.deep.include({ code: 'rate_limited' });
        expect(Number(r.headers['retry-after'])).to.be.within(1, 60);
      }
      const jobs = await backing.queues.orders.getJobs([...ALL_JOB_STATES]);
      const queued = jobs.flatMap((job) => (job ? reportsOf(job.data) : [])).filter((report) => report.integrationId === integration.id);
      expect(queued).to.have.length(LIMIT);
    } finally {
      await ingest.close();
      await backing.close();
    }
  });
});
