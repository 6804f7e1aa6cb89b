import { expect } from 'chai';
import type fc from 'fast-check';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../../core/public-paths';
import { reportsOf } from '../../core/queues';
import { createIntegrationKey, revokeIntegrationKey } from '../../core/repositories/integration-keys';
import { disconnectIntegration } from '../../core/repositories/integrations';
import { MAX_BODY_BYTES } from '../../ingest/read-json-body';
import { startIngest } from '../../ingest/start-ingest';
import { ALL_JOB_STATES, openBacking, type Backing } from '../ingest/ingest-harness';
import { keyedIntegration } from '../ingest/server-harness';
import { fuzz, fuzzSeed } from '../support/fuzz';
import { errorOf, rawRequest, type RawResponse } from '../support/raw-http';
import {
  UNIQUE_PLACEHOLDER,
  arbitraryBadAuthorization,
  arbitraryMutatedServerBodies,
  arbitraryNearLimitServerBodies,
  arbitraryServerBytes,
  arbitraryServerJsonValues,
  type ServerEndpoint,
  type ServerKeyTargets,
  type ServerRequest,
} from '../support/server-request-arbitraries';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';

const PATHS: Record<ServerEndpoint, string> = { order: SERVER_ORDERS_PATH, refund: SERVER_REFUNDS_PATH };

/** What one endpoint's fuzz sent and what ingest answered: every 202 must be in the queue, for the key's integration; nothing else may be. */
type Ledger = { byStatus: Map<number, number>; accepted: { id: string; integrationId: string }[]; refusedIds: string[] };

describe("ingest's server endpoints under fuzzed bad input (orders and refunds with a secret key)", function () {
  this.timeout(240_000);
  let config: Config;
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let backing: Backing;
  let targets: ServerKeyTargets;
  /** The integration each secret key reaches; only the connected and pending ones may be accepted. */
  const integrationOfKey = new Map<string, string>();
  const ledgers: Record<ServerEndpoint, Ledger> = {
    order: { byStatus: new Map(), accepted: [], refusedIds: [] },
    refund: { byStatus: new Map(), accepted: [], refusedIds: [] },
  };
  let caseNo = 0;

  async function sendAndCheck(endpoint: ServerEndpoint, request: ServerRequest): Promise<RawResponse> {
    const unique = `FZS-${randomString(6)}-${++caseNo}`;
    const body = typeof request.body === 'string' ? request.body.split(UNIQUE_PLACEHOLDER).join(unique) : request.body;
    const response = await rawRequest(ingest.url, { method: 'POST', path: PATHS[endpoint], headers: request.headers, body });
    const ledger = ledgers[endpoint];
    ledger.byStatus.set(response.status, (ledger.byStatus.get(response.status) ?? 0) + 1);
    const described = `${endpoint}: ${request.label} → ${response.status} ${response.text.slice(0, 200)}`;
    expect(response.status, described).to.be.within(200, 499);
    if (response.status === 202) {
      const secret = /^Bearer (\S+)$/.exec(request.headers.Authorization ?? '')?.[1] ?? '';
      expect([targets.connected, targets.pending], `${described}: accepted with this key`).to.include(secret);
      const answer = JSON.parse(response.text);
      expect(answer.status, described).to.equal('queued');
      ledger.accepted.push({ id: endpoint === 'order' ? answer.reportId : answer.refundId, integrationId: integrationOfKey.get(secret) ?? '' });
    } else {
      expect(errorOf(response), described).to.be.an('object');
      if (typeof body === 'string' && body.includes(unique)) ledger.refusedIds.push(unique);
    }
    return response;
  }

  before(async () => {
    // The per-key limit would turn most of the fuzz into 429s; it has tests of its own.
    config = testConfig({ serverRequestsPerMinute: 1_000_000 });
    ingest = await startIngest(config, createLogger({ level: 'silent', name: 'test' }), 0);
    backing = openBacking(config);
    const { workspaceId } = await newWorkspace(backing.db);
    const connected = await keyedIntegration(backing.db, workspaceId, 'https://fuzz-server.example.com');
    const pending = await keyedIntegration(backing.db, workspaceId, 'https://fuzz-server-pending.example.com', 'pending');
    const closed = await keyedIntegration(backing.db, workspaceId, 'https://fuzz-server-closed.example.com');
    await disconnectIntegration(backing.db, closed.integration.workspaceId, closed.integration.id);
    const revoked = await createIntegrationKey(backing.db, { workspaceId, integrationId: connected.integration.id, name: 'revoked' });
    await revokeIntegrationKey(backing.db, connected.integration.workspaceId, connected.integration.id, revoked.key.id);
    targets = { connected: connected.secret, pending: pending.secret, disconnected: closed.secret, revoked: revoked.secret };
    for (const k of [connected, pending, closed]) integrationOfKey.set(k.secret, k.integration.id);
  });
  after(async () => {
    for (const endpoint of ['order', 'refund'] as const) {
      const { byStatus, accepted } = ledgers[endpoint];
      const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      const total = [...byStatus.values()].reduce((sum, n) => sum + n, 0);
      console.log(`      server ${endpoint} fuzz: ${total} requests (seed ${fuzzSeed()}): ${statuses.join(' ')}; ${accepted.length} accepted`);
    }
    await ingest?.close();
    await backing?.close();
  });

  const properties: {
    name: string;
    runs: Record<ServerEndpoint, number>;
    arbitrary: (e: ServerEndpoint, t: ServerKeyTargets) => fc.Arbitrary<ServerRequest>;
  }[] = [
    {
      name: 'a valid body with one field removed, mistyped, emptied, huge, unicode, NUL or deeply nested, or a hostile key added',
      runs: { order: 600, refund: 400 },
      arbitrary: arbitraryMutatedServerBodies,
    },
    { name: 'any JSON value as the body', runs: { order: 150, refund: 100 }, arbitrary: (_e, t) => arbitraryServerJsonValues(t) },
    { name: 'random bytes, other encodings and every kind of Content-Type', runs: { order: 150, refund: 100 }, arbitrary: arbitraryServerBytes },
    {
      name: 'bodies within 300 bytes either side of the 8 KiB limit',
      runs: { order: 100, refund: 60 },
      arbitrary: (e, t) => arbitraryNearLimitServerBodies(e, t, MAX_BODY_BYTES),
    },
  ];
  for (const endpoint of ['order', 'refund'] as const) {
    describe(`POST ${PATHS[endpoint]}`, () => {
      for (const property of properties) {
        it(`answers 202 or a 4xx JSON error, never a 5xx, for ${property.name}`, async () => {
          const ran = await fuzz(property.arbitrary(endpoint, targets), property.runs[endpoint], async (request) => {
            const response = await sendAndCheck(endpoint, request);
            const admitted = [targets.connected, targets.pending].some((k) => request.headers.Authorization === `Bearer ${k}`);
            if (
              admitted &&
              typeof request.body === 'string' &&
              Buffer.byteLength(request.body) > MAX_BODY_BYTES &&
              /^application\/json/.test(request.headers['Content-Type'] ?? '')
            ) {
              expect(response.status, request.label).to.equal(413);
            }
          });
          expect(ran).to.be.at.least(property.runs[endpoint]);
        });
      }

      it('answers 401 invalid_key to every missing, malformed, unknown or revoked key, and accepts none', async () => {
        await fuzz(arbitraryBadAuthorization(endpoint, targets), endpoint === 'order' ? 200 : 150, async (request) => {
          const response = await sendAndCheck(endpoint, request);
          expect(response.status, request.label).to.equal(401);
          expect(errorOf(response), request.label).to.deep.include({ code: 'invalid_key' });
        });
      });

      it("answers 409 integration_disconnected to a valid body with a disconnected integration's key", async () => {
        const disconnected = await sendAndCheck(endpoint, {
          label: 'disconnected',
          body: JSON.stringify({ orderId: 'X', refundId: UNIQUE_PLACEHOLDER, value: 1, currency: 'USD' }),
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${targets.disconnected}` },
        });
        expect(disconnected.status).to.equal(409);
      });
    });
  }

  describe('after the fuzz', () => {
    it('queued exactly the accepted orders, each for its key’s integration, and none of the refused ones', async () => {
      const jobs = await backing.queues.orders.getJobs([...ALL_JOB_STATES]);
      const reports = jobs.flatMap((job) => (job ? reportsOf(job.data) : []));
      const { accepted, refusedIds } = ledgers.order;
      expect(accepted.length, 'accepted orders').to.be.greaterThan(50);
      expect(refusedIds.length, 'refused orders').to.be.greaterThan(300);
      expect(reports.map((r) => ({ id: r.reportId, integrationId: r.integrationId })).sort((a, b) => a.id.localeCompare(b.id))).to.deep.equal(
        [...accepted].sort((a, b) => a.id.localeCompare(b.id)),
      );
      expect(reports.every((r) => r.source === 'server' && r.origin === null)).to.equal(true);
      const refused = new Set(refusedIds);
      expect(reports.filter((r) => refused.has(r.order.orderId))).to.deep.equal([]);
    });

    it('queued exactly the accepted refunds, each for its key’s integration, and none of the refused ones', async () => {
      const jobs = await backing.queues.refunds.getJobs([...ALL_JOB_STATES]);
      const refunds = jobs.flatMap((job) => (job ? [job.data] : []));
      const { accepted, refusedIds } = ledgers.refund;
      expect(accepted.length, 'accepted refunds').to.be.greaterThan(30);
      expect(refusedIds.length, 'refused refunds').to.be.greaterThan(200);
      const key = (r: { id: string; integrationId: string }) => `${r.integrationId} ${r.id}`;
      expect(refunds.map((r) => key({ id: r.refundId, integrationId: r.integrationId })).sort()).to.deep.equal(accepted.map(key).sort());
      const refused = new Set(refusedIds);
      expect(refunds.filter((r) => refused.has(r.refundId))).to.deep.equal([]);
    });

    it('wrote no row for any of it: ingest only queues (the last use of a key aside)', async () => {
      const counts = await Promise.all(
        ['order_reports', 'orders', 'order_refunds'].map((table) =>
          backing
            .db(table)
            .whereIn('integration_id', [...integrationOfKey.values()])
            .count({ n: '*' })
            .first(),
        ),
      );
      expect(counts).to.deep.equal([{ n: '0' }, { n: '0' }, { n: '0' }]);
    });

    it('left no prototype polluted in the process that parsed the bodies', () => {
      const probe: Record<string, unknown> = {};
      expect(probe.polluted).to.equal(undefined);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'a')).to.equal(false);
    });
  });
});
