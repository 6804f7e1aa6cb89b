import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import IORedis from 'ioredis';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { createCreator } from '../../core/repositories/creators';
import { createIntegration, type Integration } from '../../core/repositories/integrations';
import { createLink } from '../../core/repositories/links';
import { createRateLimit } from '../../ingest/rate-limit';
import { startIngest } from '../../ingest/start-ingest';
import { requestJson, type JsonResponse } from '../support/http';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { EVENTS_PATH, ORIGIN, queuedClicks, queuedReports, expectError, openBacking, type Backing } from './ingest-harness';
import { CHROME_USER_AGENT } from '../support/user-agents';

type Ingest = Awaited<ReturnType<typeof startIngest>>;

const BEACONS_PER_MINUTE = 3;
const REDIRECTS_PER_MINUTE = 2;

/** A client address of its own (TEST-NET-3), so that each test starts with a fresh count. */
const newClientIp = () => `203.0.113.${Math.floor(Math.random() * 254) + 1}`;

describe('ingest rate limits', function () {
  let config: Config;
  /** Two copies of ingest behind one trusted proxy, sharing Redis, as in production. */
  let ingest: Ingest;
  let otherCopy: Ingest;
  let backing: Backing;
  let workspaceId: WorkspaceId;
  let usedIps: Set<string>;

  const log = createLogger({ level: 'silent', name: 'test' });
  const newIntegration = (): Promise<Integration> => createIntegration(backing.db, { workspaceId, websiteUrl: ORIGIN, origin: ORIGIN });
  const orderBeacon = (integrationId: string) => ({
    id: integrationId,
    type: 'order',
    url: `${ORIGIN}/thanks`,
    order: { orderId: `RL-${randomString(10)}`, value: 10, currency: 'EUR' },
  });
  /** An address no other test in this file used, so every test owns its count. */
  function freshIp(): string {
    let ip = newClientIp();
    while (usedIps.has(ip)) ip = newClientIp();
    usedIps.add(ip);
    return ip;
  }
  function sendFrom(target: Ingest, forwardedFor: string, beacon: unknown): Promise<JsonResponse> {
    return requestJson(`${target.url}${EVENTS_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify(beacon),
    });
  }
  async function queuedOrdersOf(integrationId: string): Promise<number> {
    return (await queuedReports(backing.queues)).filter((report) => report.integrationId === integrationId).length;
  }

  before(async function () {
    this.timeout(60_000);
    const base = testConfig();
    config = {
      ...base,
      ingest: { ...base.ingest, trustProxy: true, proxyHops: 1 },
      rateLimits: { beaconsPerMinute: BEACONS_PER_MINUTE, redirectsPerMinute: REDIRECTS_PER_MINUTE },
    };
    ingest = await startIngest(config, log, 0);
    otherCopy = await startIngest(config, log, 0);
    backing = openBacking(config);
    ({ workspaceId } = await newWorkspace(backing.db));
    usedIps = new Set();
  });

  after(async () => {
    await ingest?.close();
    await otherCopy?.close();
    await backing?.close();
  });

  describe('beacons', () => {
    describe('when one address sends more beacons for one integration than the limit', () => {
      let integration: Integration;
      let refused: JsonResponse;
      let accepted: number[];

      before(async () => {
        integration = await newIntegration();
        const ip = freshIp();
        accepted = [];
        for (let i = 0; i < BEACONS_PER_MINUTE; i++) accepted.push((await sendFrom(ingest, ip, orderBeacon(integration.id))).status);
        refused = await sendFrom(ingest, ip, orderBeacon(integration.id));
      });

      it('accepts up to the limit, then answers 429 rate_limited as a JSON error the page can read', () => {
        expect(accepted).to.deep.equal(Array<number>(BEACONS_PER_MINUTE).fill(202));
        expectError(refused, 429, 'rate_limited');
        expect(refused.headers.get('access-control-allow-origin')).to.equal(ORIGIN);
      });

      it('says in Retry-After, in seconds within the one-minute window, when to send again', () => {
        const retryAfter = refused.headers.get('retry-after') ?? '';
        expect(retryAfter).to.match(/^\d+$/);
        expect(Number(retryAfter)).to.be.within(1, 60);
        expect(refused.body.error.details).to.deep.equal({ retryAfterSeconds: Number(retryAfter) });
      });

      it('queues nothing past the limit', async () => {
        expect(await queuedOrdersOf(integration.id)).to.equal(BEACONS_PER_MINUTE);
      });

      it('counts rate_limited for the integration, where the admin API reads refusals', async () => {
        const counts = await waitFor(
          async () => {
            const read = await ingest.refusals.read(integration.id);
            return (read.rate_limited ?? 0) >= 1 ? read : undefined;
          },
          'the refusal to be counted',
          5_000,
        );
        expect(counts).to.deep.equal({ rate_limited: 1 });
      });

      it('counts it in /metrics under the reason rate_limited', async () => {
        const text = await (await fetch(`${ingest.url}/metrics`)).text();
        const sample = /^influtrace_beacons_refused_total\{reason="rate_limited"\} (\d+)$/m.exec(text);
        expect(sample, 'a rate_limited sample').to.not.equal(null);
        expect(Number(sample?.[1])).to.be.at.least(1);
      });
    });

    describe('when the address has used up its limit on one ingest copy', () => {
      it('is refused by the other copy too: the count lives in Redis', async () => {
        const integration = await newIntegration();
        const ip = freshIp();
        const statuses: number[] = [];
        for (let i = 0; i < BEACONS_PER_MINUTE; i++) statuses.push((await sendFrom(ingest, ip, orderBeacon(integration.id))).status);
        expect(statuses).to.deep.equal(Array<number>(BEACONS_PER_MINUTE).fill(202));
        expectError(await sendFrom(otherCopy, ip, orderBeacon(integration.id)), 429, 'rate_limited');
      });
    });

    describe('when another address sends for the same integration', () => {
      it('is not held back by the first address', async () => {
        const integration = await newIntegration();
        const first = freshIp();
        for (let i = 0; i <= BEACONS_PER_MINUTE; i++) await sendFrom(ingest, first, orderBeacon(integration.id));
        expectError(await sendFrom(ingest, first, orderBeacon(integration.id)), 429, 'rate_limited');
        const other = await sendFrom(ingest, freshIp(), orderBeacon(integration.id));
        expect(other.status, JSON.stringify(other.body)).to.equal(202);
      });
    });

    describe('when the same address sends for another integration', () => {
      it('is not held back by its count for the first one', async () => {
        const [limited, other] = [await newIntegration(), await newIntegration()];
        const ip = freshIp();
        for (let i = 0; i <= BEACONS_PER_MINUTE; i++) await sendFrom(ingest, ip, orderBeacon(limited.id));
        expectError(await sendFrom(ingest, ip, orderBeacon(limited.id)), 429, 'rate_limited');
        const res = await sendFrom(ingest, ip, orderBeacon(other.id));
        expect(res.status, JSON.stringify(res.body)).to.equal(202);
      });
    });

    describe('when a client writes its own addresses in front of what the proxy added', () => {
      it('counts the address the proxy added, so the client cannot pick its way out', async () => {
        const integration = await newIntegration();
        const real = freshIp();
        const statuses: number[] = [];
        for (let i = 0; i <= BEACONS_PER_MINUTE; i++) {
          statuses.push((await sendFrom(ingest, `198.51.100.${i + 1}, ${real}`, orderBeacon(integration.id))).status);
        }
        expect(statuses).to.deep.equal([...Array<number>(BEACONS_PER_MINUTE).fill(202), 429]);
      });
    });

    describe('when no integration has the id', () => {
      it('answers 404 however often, and mints no rate-limit key for the made-up id', async () => {
        const ip = freshIp();
        const made = `int_${randomString(20)}`;
        for (let i = 0; i <= BEACONS_PER_MINUTE; i++) expectError(await sendFrom(ingest, ip, { id: made, type: 'ping' }), 404, 'unknown_integration');
        expect(await backing.redis.keys(`${config.queuePrefix}:rate-limit:*${made}*`)).to.deep.equal([]);
      });
    });
  });

  describe('when ingest does not trust a proxy', () => {
    let untrusting: Ingest;
    let untrustingBacking: Backing;

    before(async () => {
      const base = testConfig();
      const untrustingConfig: Config = { ...base, rateLimits: config.rateLimits, ingest: { ...base.ingest, trustProxy: false } };
      untrusting = await startIngest(untrustingConfig, log, 0);
      untrustingBacking = openBacking(untrustingConfig);
    });
    after(async () => {
      await untrusting?.close();
      await untrustingBacking?.close();
    });

    it('ignores X-Forwarded-For: a new address in it each time does not escape the limit', async () => {
      const integration = await newIntegration();
      const statuses: number[] = [];
      for (let i = 0; i <= BEACONS_PER_MINUTE; i++) statuses.push((await sendFrom(untrusting, freshIp(), orderBeacon(integration.id))).status);
      expect(statuses).to.deep.equal([...Array<number>(BEACONS_PER_MINUTE).fill(202), 429]);
    });
  });

  describe('GET /r/:code', () => {
    let code: string;
    const follow = (forwardedFor: string) =>
      requestJson(`${ingest.url}/r/${code}`, { headers: { 'X-Forwarded-For': forwardedFor, 'User-Agent': CHROME_USER_AGENT } });

    before(async () => {
      const creator = await createCreator(backing.db, { workspaceId, name: 'Ava' });
      code = `rl${randomString(10)}`;
      await createLink(backing.db, { workspaceId, creatorId: creator.id, code, destinationUrl: `${ORIGIN}/spring`, integrationIds: [] });
    });

    describe('when one address follows tracking links faster than the limit', () => {
      it('redirects up to the limit, then answers 429 rate_limited with Retry-After and records no click', async () => {
        const ip = freshIp();
        const statuses: number[] = [];
        for (let i = 0; i < REDIRECTS_PER_MINUTE; i++) statuses.push((await follow(ip)).status);
        expect(statuses).to.deep.equal(Array<number>(REDIRECTS_PER_MINUTE).fill(302));
        const clicksBefore = await queuedClicks(backing.queues, backing.redis);
        expect(clicksBefore).to.have.length(REDIRECTS_PER_MINUTE);

        const refused = await follow(ip);
        expectError(refused, 429, 'rate_limited');
        expect(refused.headers.get('location')).to.equal(null);
        expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
        expect(await queuedClicks(backing.queues, backing.redis)).to.deep.equal(clicksBefore);
      });
    });

    describe('when another address follows the same link', () => {
      it('is redirected', async () => {
        const busy = freshIp();
        for (let i = 0; i <= REDIRECTS_PER_MINUTE; i++) await follow(busy);
        expectError(await follow(busy), 429, 'rate_limited');
        const res = await follow(freshIp());
        expect(res.status).to.equal(302);
        expect(new URL(res.headers.get('location') ?? '').searchParams.get('ref')).to.equal(code);
      });
    });
  });

  describe('when hits of several keys arrive at the same moment (counted by one Redis call)', () => {
    it('answers each key as if its hits were counted one by one, in the order they arrived', async () => {
      const checkRateLimit = createRateLimit(backing.redis, { prefix: config.queuePrefix, name: `same-moment-${randomString(6)}`, perMinute: 2 });
      const keys = ['a', 'b', 'a', 'a', 'b', 'c', 'a'];
      const answers = await Promise.all(keys.map((key) => checkRateLimit(key)));
      expect(answers.map((answer) => answer.allowed)).to.deep.equal([true, true, true, false, true, true, false]);
    });

    it('keeps counting across moments and in the count other ingest copies share', async () => {
      const name = `across-${randomString(6)}`;
      const one = createRateLimit(backing.redis, { prefix: config.queuePrefix, name, perMinute: 3 });
      const other = createRateLimit(backing.redis, { prefix: config.queuePrefix, name, perMinute: 3 });
      expect((await Promise.all([one('k'), one('k')])).map((a) => a.allowed)).to.deep.equal([true, true]);
      expect((await Promise.all([other('k'), other('k')])).map((a) => a.allowed)).to.deep.equal([true, false]);
      const msLeft = await backing.redis.pttl(`${config.queuePrefix}:rate-limit:${name}:k`);
      expect(msLeft).to.be.within(1, 60_000);
    });

    it('refuses a key over its limit from memory until its window ends, without asking Redis again', async () => {
      const name = `blocked-${randomString(6)}`;
      const checkRateLimit = createRateLimit(backing.redis, { prefix: config.queuePrefix, name, perMinute: 1 });
      await checkRateLimit('k');
      expect((await checkRateLimit('k')).allowed).to.equal(false);
      const countInRedis = await backing.redis.get(`${config.queuePrefix}:rate-limit:${name}:k`);
      const again = await checkRateLimit('k');
      expect(again.allowed === false && again.retryAfterSeconds).to.be.within(1, 60);
      expect(await backing.redis.get(`${config.queuePrefix}:rate-limit:${name}:k`)).to.equal(countInRedis);
    });
  });

  describe('when hits carry a claim (the redirect sets its unique-click key in the same call)', () => {
    it('sets each claim only for a hit within the limit, and answers which hit set it first', async () => {
      const name = `claims-${randomString(6)}`;
      const checkRateLimit = createRateLimit(backing.redis, { prefix: config.queuePrefix, name, perMinute: 2 });
      const claimKey = (id: string) => `${config.queuePrefix}:test-claims:${name}:${id}`;
      const untilMs = Date.now() + 60_000;
      const claim = (id: string) => ({ key: claimKey(id), untilMs });
      const answers = await Promise.all([
        checkRateLimit('a', claim('x')),
        checkRateLimit('b'),
        checkRateLimit('a', claim('x')),
        checkRateLimit('a', claim('over')),
        checkRateLimit('b', claim('y')),
      ]);
      expect(answers).to.deep.equal([
        { allowed: true, claimed: true },
        { allowed: true },
        { allowed: true, claimed: false },
        { allowed: false, retryAfterSeconds: (answers[3] as { retryAfterSeconds: number }).retryAfterSeconds },
        { allowed: true, claimed: true },
      ]);
      expect(await backing.redis.exists(claimKey('over')), 'a hit over the limit claims nothing').to.equal(0);
      expect(Number(await backing.redis.pexpiretime(claimKey('x')))).to.equal(untilMs);
      expect(await checkRateLimit('c', claim('y')), 'a claim set by an earlier call').to.deep.equal({ allowed: true, claimed: false });
    });

    it('answers a claim as not set, and says so, when Redis could not decide it', async () => {
      const name = `claims-refused-${randomString(6)}`;
      await backing.redis.hset(`${config.queuePrefix}:rate-limit:${name}:k`, 'not', 'a counter');
      let undecided = 0;
      const checkRateLimit = createRateLimit(backing.redis, {
        prefix: config.queuePrefix,
        name,
        perMinute: 5,
        onClaimUndecided: (claims) => (undecided += claims),
      });
      const claim = { key: `${config.queuePrefix}:test-claims:${name}`, untilMs: Date.now() + 60_000 };
      expect(await Promise.all([checkRateLimit('k', claim), checkRateLimit('k')])).to.deep.equal([{ allowed: true, claimed: false }, { allowed: true }]);
      expect(undecided).to.equal(1);
    });

    it("appends a claim's record to the record stream, with whether the claim was set, only for a hit within the limit", async () => {
      const name = `records-${randomString(6)}`;
      const recordStream = `${config.queuePrefix}:test-records:${name}`;
      const checkRateLimit = createRateLimit(backing.redis, { prefix: config.queuePrefix, name, perMinute: 2, recordStream });
      const untilMs = Date.now() + 60_000;
      const claim = (id: string, record?: string) => ({ key: `${config.queuePrefix}:test-claims:${name}:${id}`, untilMs, record });
      const answers = await Promise.all([
        checkRateLimit('a', claim('x', 'first')),
        checkRateLimit('a', claim('x', 'second')),
        checkRateLimit('a', claim('x', 'over the limit')),
        checkRateLimit('b', claim('y')),
      ]);
      expect(answers.map((answer) => (answer.allowed ? answer : 'refused'))).to.deep.equal([
        { allowed: true, claimed: true, recorded: true },
        { allowed: true, claimed: false, recorded: true },
        'refused',
        { allowed: true, claimed: true },
      ]);
      const entries = await backing.redis.xrange(recordStream, '-', '+');
      expect(entries.map(([, fields]) => fields)).to.deep.equal([
        ['record', 'first', 'claimed', '1'],
        ['record', 'second', 'claimed', '0'],
      ]);
    });

    it('answers a record as not written when Redis could not take it', async () => {
      const name = `records-refused-${randomString(6)}`;
      await backing.redis.hset(`${config.queuePrefix}:rate-limit:${name}:k`, 'not', 'a counter');
      const recordStream = `${config.queuePrefix}:test-records:${name}`;
      const checkRateLimit = createRateLimit(backing.redis, { prefix: config.queuePrefix, name, perMinute: 5, recordStream });
      const claim = { key: `${config.queuePrefix}:test-claims:${name}`, untilMs: Date.now() + 60_000, record: 'a click' };
      expect(await checkRateLimit('k', claim)).to.deep.equal({ allowed: true, claimed: false, recorded: false });
      expect(await backing.redis.exists(recordStream)).to.equal(0);
    });
  });

  describe('when Redis answers but refuses the count', () => {
    it('counts that moment in memory instead, and says how many hits', async () => {
      const name = `refused-${randomString(6)}`;
      // A key of another type makes INCRBY fail inside the script, as a Redis error would.
      await backing.redis.hset(`${config.queuePrefix}:rate-limit:${name}:k`, 'not', 'a counter');
      let countedInMemory = 0;
      const checkRateLimit = createRateLimit(backing.redis, {
        prefix: config.queuePrefix,
        name,
        perMinute: 1,
        onCountedInMemory: (hits) => (countedInMemory += hits),
      });
      const answers = await Promise.all([checkRateLimit('k'), checkRateLimit('k')]);
      expect(answers.map((answer) => answer.allowed)).to.deep.equal([true, false]);
      expect(countedInMemory).to.equal(2);
    });
  });

  describe('when Redis cannot answer the limiter', () => {
    let unreachable: IORedis;

    before(async () => {
      // Like the producer connection (no offline queue), pointed at a port where nothing listens.
      unreachable = new IORedis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
      unreachable.on('error', () => undefined);
      await waitFor(async () => unreachable.status === 'end', 'the connection to give up', 5_000);
    });
    after(() => unreachable?.disconnect());

    it('still allows hits, counting them in memory, and says so', async () => {
      let countedInMemory = 0;
      const checkRateLimit = createRateLimit(unreachable, {
        prefix: 'unreachable',
        name: 'beacons',
        perMinute: 2,
        onCountedInMemory: (hits) => (countedInMemory += hits),
      });
      expect(await checkRateLimit('int_a:203.0.113.1')).to.deep.equal({ allowed: true });
      expect(await checkRateLimit('int_a:203.0.113.1')).to.deep.equal({ allowed: true });
      expect(countedInMemory).to.equal(2);
    });

    it('still refuses what goes over the limit in this process', async () => {
      const checkRateLimit = createRateLimit(unreachable, { prefix: 'unreachable', name: 'beacons', perMinute: 1 });
      expect(await checkRateLimit('int_b:203.0.113.1')).to.deep.equal({ allowed: true });
      const refused = await checkRateLimit('int_b:203.0.113.1');
      expect(refused.allowed).to.equal(false);
      expect(refused.allowed === false && refused.retryAfterSeconds).to.be.within(1, 60);
    });
  });
});
