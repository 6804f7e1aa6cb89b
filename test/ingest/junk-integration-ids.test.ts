import { expect } from 'chai';
import { createDb, type Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { createIntegration, type Integration } from '../../core/repositories/integrations';
import { BeaconDropped } from '../../ingest/drop-reasons';
import { createIntegrationCache, INTEGRATION_CACHE_DEFAULTS } from '../../ingest/integration-cache';
import { startIngest } from '../../ingest/start-ingest';
import { sendBeacon } from '../support/http';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const ORIGIN = 'https://junk-flood.example.com';

/** Counts the queries this pool sends to the integrations table. */
function countIntegrationQueries(db: Db): { readonly count: number } {
  const counter = { count: 0 };
  db.on('query', (query: { sql: string }) => {
    if (/from "integrations"/.test(query.sql)) counter.count += 1;
  });
  return counter;
}

/** A made-up id: either anything at all (64 characters) or one shaped like ours. */
function junkId(i: number): string {
  return i % 2 === 0 ? randomString(64) : `int_${randomString(20)}`;
}

describe('ingest under a flood of made-up integration ids', function () {
  this.timeout(120_000);
  let db: Db;
  let integrations: Integration[];

  before(async () => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 4 });
    const { workspaceId } = await newWorkspace(db);
    integrations = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createIntegration(db, { workspaceId, websiteUrl: `https://s${i}.example.com`, origin: `https://s${i}.example.com` })),
    );
  });
  after(async () => db?.destroy());

  it('100,000 random ids cost at most the lookup budget in PostgreSQL queries, and the real store stays cached', async () => {
    const queries = countIntegrationQueries(db);
    const cache = createIntegrationCache(db);
    const real = integrations[0]!;
    expect(await cache.get(real.id)).to.include({ id: real.id });
    const before = queries.count;

    const started = Date.now();
    let refusedForBudget = 0;
    for (let batch = 0; batch < 100; batch += 1) {
      const answers = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => cache.get(junkId(batch * 1000 + i))));
      for (const answer of answers) {
        if (answer.status === 'fulfilled') expect(answer.value).to.equal(null);
        else if (answer.reason instanceof BeaconDropped && answer.reason.reason === 'lookups_exhausted') refusedForBudget += 1;
        else throw answer.reason;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const flood = queries.count - before;
    const budget = INTEGRATION_CACHE_DEFAULTS.lookupBurst + INTEGRATION_CACHE_DEFAULTS.lookupsPerSecond * seconds;
    // Half the ids could never be ours and cost nothing; the other half cost at most the budget.
    expect(flood, `${flood} queries in ${seconds.toFixed(1)} s`).to.be.at.most(Math.ceil(budget));
    expect(flood).to.be.below(50_000);
    expect(refusedForBudget).to.be.at.least(50_000 - Math.ceil(budget));

    // Nothing the flood did pushed the real store out: it is answered from memory, no query.
    const atEnd = queries.count;
    expect(await cache.get(real.id)).to.include({ id: real.id });
    expect(queries.count).to.equal(atEnd);
  });

  it('remembers an unknown id: asked again, it costs no second query', async () => {
    const queries = countIntegrationQueries(db);
    const cache = createIntegrationCache(db);
    const unknown = `int_${randomString(20)}`;
    expect(await cache.get(unknown)).to.equal(null);
    const once = queries.count;
    expect(await cache.get(unknown)).to.equal(null);
    expect(queries.count).to.equal(once);
  });

  it('evicts the least recently used integration when full, not every one', async () => {
    const queries = countIntegrationQueries(db);
    const cache = createIntegrationCache(db, { ...INTEGRATION_CACHE_DEFAULTS, maxEntries: 3 });
    const [a, b, c, d] = integrations as [Integration, Integration, Integration, Integration];
    for (const i of [a, b, c, a]) await cache.get(i.id);
    await cache.get(d.id);
    const afterFill = queries.count;
    await cache.get(a.id);
    await cache.get(c.id);
    await cache.get(d.id);
    expect(queries.count, 'a, c and d still cached').to.equal(afterFill);
    await cache.get(b.id);
    expect(queries.count, 'b, the least recently used, was evicted').to.equal(afterFill + 1);
  });

  it('answers a known integration from memory while it is read again, whatever the lookup budget', async () => {
    const origin = `https://stale-${randomString(6)}.example.com`;
    const real = await createIntegration(db, { workspaceId: integrations[0]!.workspaceId, websiteUrl: origin, origin });
    // Every entry is stale at once, and the budget allows one lookup of a new id, ever.
    const cache = createIntegrationCache(db, { ...INTEGRATION_CACHE_DEFAULTS, ttlMs: 0, lookupBurst: 1, lookupsPerSecond: 0 });
    expect(await cache.get(real.id)).to.include({ origin });
    await db('integrations').where({ id: real.id }).update({ origin: 'https://moved.example.com' });
    expect(await cache.get(real.id), 'the entry it has, at once').to.include({ origin });
    await waitFor(async () => (await cache.get(real.id))?.origin === 'https://moved.example.com', 'the background read to land');
    try {
      await cache.get(`int_${randomString(20)}`);
      expect.fail('a new id past the budget should be refused');
    } catch (err) {
      expect(err).to.be.instanceOf(BeaconDropped).and.to.have.property('reason', 'lookups_exhausted');
    }
  });

  it('over HTTP: made-up ids are refused as unknown_integration while the real store’s beacon is accepted', async () => {
    const config = testConfig({ rateLimits: { beaconsPerMinute: 100_000, redirectsPerMinute: 100 } });
    const ingest = await startIngest(config, createLogger({ level: 'silent', name: 'test' }), 0);
    try {
      const real = await createIntegration(db, { workspaceId: integrations[0]!.workspaceId, websiteUrl: ORIGIN, origin: ORIGIN });
      const junk = await Promise.all(Array.from({ length: 200 }, (_, i) => sendBeacon(ingest.url, ORIGIN, { id: junkId(i), type: 'ping', url: `${ORIGIN}/` })));
      for (const res of junk) {
        expect(res.status).to.equal(404);
        expect(res.body.error.code).to.equal('unknown_integration');
      }
      const ping = await sendBeacon(ingest.url, ORIGIN, { id: real.id, type: 'ping', url: `${ORIGIN}/` });
      expect(ping.status, JSON.stringify(ping.body)).to.equal(202);
    } finally {
      await ingest.close();
    }
  });
});
