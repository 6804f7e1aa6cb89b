import type { Client } from '@temporalio/client';
import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { orderWorkflowId } from '../../core/temporal';
import { connectTemporalClient } from '../../core/temporal-client';
import { openBacking, type Backing } from '../ingest/ingest-harness';
import { acceptedOrderIds, tallyOrders, waitForOutcomes } from '../support/order-accounting';
import { offerOrders, type OfferedOrder, type OfferResult } from '../support/order-load';
import { ordersToOffer } from '../support/fault-scenario';
import { startServiceCopies, type ServiceCopies } from '../support/service-copies';
import { testConfig } from '../support/test-config';
import { seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

const COPIES = 2;
const BEACONS_PER_MINUTE = 40;

/** 10.x.y.z from a number: each order of the burst from a client address of its own. */
const clientAddress = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** Offers the orders spread over the ingest copies (one in every COPIES to each), all at once. */
async function offerAcrossCopies(
  urls: string[],
  store: { integrationId: string; origin: string },
  orders: OfferedOrder[],
  addressOf: (i: number) => string,
): Promise<OfferResult[][]> {
  return Promise.all(
    urls.map(
      (ingestUrl, copy) =>
        offerOrders({
          ingestUrl,
          origin: store.origin,
          integrationId: store.integrationId,
          orders: orders.filter((_, i) => i % urls.length === copy),
          ratePerSecond: 100,
          concurrency: 10,
          clientAddress: (i) => addressOf(i * urls.length + copy),
        }).done,
    ),
  );
}

/** The worker identities (pid@host) that ran an order workflow's tasks, from its history. */
async function workersOf(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => (e.workflowTaskStartedEventAttributes?.identity ? [e.workflowTaskStartedEventAttributes.identity] : []));
}

describe('two copies each of ingest, the queue consumer and the worker against one Temporal, PostgreSQL and Redis', function () {
  let config: Config;
  let backing: Backing;
  let services: ServiceCopies;
  let temporal: { client: Client; close(): Promise<void> };

  before(async function () {
    this.timeout(300_000);
    config = testConfig();
    backing = openBacking(config);
    temporal = await connectTemporalClient(config.temporal);
    services = await startServiceCopies(config, {
      copies: COPIES,
      env: { ingest: { TRUST_PROXY: 'true', RATE_LIMIT_BEACONS_PER_MINUTE: String(BEACONS_PER_MINUTE) } },
    });
  });
  after(async function () {
    this.timeout(60_000);
    await services?.stop();
    await temporal?.close();
    await backing?.close();
  });

  it('drains a burst offered to both ingest copies with every accepted order credited once, the workflows shared by both workers', async function () {
    this.timeout(300_000);
    const store = await seedConnectedStore(backing.db, 'https://scale-out.example.com');
    const coupon = `SO${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);

    const results = (await offerAcrossCopies(services.ingestUrls, store, ordersToOffer(400, coupon), clientAddress)).flat();
    await waitForOutcomes(backing.db, store.integrationId, acceptedOrderIds(results), { timeoutMs: 240_000, queue: backing.queues.orders });
    const tally = await tallyOrders(backing.db, store, results);

    const { accepted, credited, lost, duplicates, unknown, pendingReports, wrongCredits } = tally;
    expect({ accepted, credited, lost, duplicates, unknown, pendingReports, wrongCredits }, JSON.stringify(tally.failures)).to.deep.equal({
      accepted: 400,
      credited: 400,
      lost: 0,
      duplicates: 0,
      unknown: 0,
      pendingReports: 0,
      wrongCredits: 0,
    });
    const sample = acceptedOrderIds(results).slice(0, 40);
    const identities = new Set((await Promise.all(sample.map((id) => workersOf(temporal.client, orderWorkflowId(store.integrationId, id))))).flat());
    const workerPids = services.processes.filter((p) => p.name === 'worker').map((p) => String(p.service.pid));
    expect([...identities].map((identity) => identity.split('@')[0]).sort(), 'workers that ran the sampled workflows').to.deep.equal(workerPids.sort());
  });

  it("counts one client's beacons against one limit, whichever ingest copy they reach", async function () {
    this.timeout(120_000);
    const store = await seedConnectedStore(backing.db, 'https://scale-out-limit.example.com');
    const coupon = `SL${randomString(6)}`;
    await seedCoupon(backing.db, store, coupon);

    const perCopy = await offerAcrossCopies(services.ingestUrls, store, ordersToOffer(2 * BEACONS_PER_MINUTE, coupon), () => '10.200.0.1');
    const statuses = perCopy.flat().map((r) => r.status ?? r.errorCode);

    expect(statuses.filter((s) => s === 202).length, 'accepted in the minute').to.equal(BEACONS_PER_MINUTE);
    expect(statuses.filter((s) => s === 429).length, 'refused by the shared limit').to.equal(BEACONS_PER_MINUTE);
    for (const [copy, results] of perCopy.entries()) expect(results.length, `beacons offered to copy ${copy}`).to.equal(BEACONS_PER_MINUTE);
  });
});
