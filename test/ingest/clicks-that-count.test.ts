import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import type { Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { createCreator } from '../../core/repositories/creators';
import { createLink, type Link } from '../../core/repositories/links';
import { startIngest } from '../../ingest/start-ingest';
import { rawRequest, type RawResponse } from '../support/raw-http';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { BOTS, CHROME_USER_AGENT, PEOPLE } from '../support/user-agents';
import { openBacking, queuedClicks, type Backing } from './ingest-harness';

const ORIGIN = 'https://clicks.example.com';

describe('tracking-link clicks that count', function () {
  let config: Config;
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let otherCopy: Awaited<ReturnType<typeof startIngest>>;
  let backing: Backing;
  let workspaceId: WorkspaceId;
  let ipSeq = 0;
  /** An address no other request of this file used (the ingest copies trust one proxy hop). */
  const freshIp = () => `198.51.100.${++ipSeq}`;

  const newLink = async (): Promise<Link> => {
    const creator = await createCreator(backing.db, { workspaceId, name: `Ava ${randomString(4)}` });
    return createLink(backing.db, {
      workspaceId,
      creatorId: creator.id,
      code: `ct${randomString(10)}`,
      destinationUrl: `${ORIGIN}/spring?utm_source=ava`,
      integrationIds: [],
    });
  };
  const follow = (target: { url: string }, link: Link, options: { userAgent?: string; ip?: string; method?: string } = {}) =>
    rawRequest(target.url, {
      path: `/r/${link.code}`,
      method: options.method ?? 'GET',
      headers: { 'X-Forwarded-For': options.ip ?? freshIp(), ...(options.userAgent === undefined ? {} : { 'User-Agent': options.userAgent }) },
    });
  const locationOf = (res: RawResponse) => new URL(String(res.headers.location));
  const clicksOf = async (link: Link) => (await queuedClicks(backing.queues, backing.redis)).filter((click) => click.linkId === link.id);
  const filteredCount = async (reason: string): Promise<number> => {
    const text = (await rawRequest(ingest.url, { path: '/metrics' })).text;
    return Number(new RegExp(`^influtrace_clicks_filtered_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  };

  before(async function () {
    this.timeout(60_000);
    const base = testConfig();
    config = { ...base, ingest: { ...base.ingest, trustProxy: true, proxyHops: 1 } };
    const log = createLogger({ level: 'silent', name: 'test' });
    ingest = await startIngest(config, log, 0);
    otherCopy = await startIngest(config, log, 0);
    backing = openBacking(config);
    ({ workspaceId } = await newWorkspace(backing.db));
  });
  after(async () => {
    await ingest?.close();
    await otherCopy?.close();
    await backing?.close();
  });

  describe("when people follow a link, in browsers and social apps' in-app browsers", () => {
    it('redirects each with ref and itc and queues its click, unique as the first of its visitor today', async () => {
      const link = await newLink();
      for (const [who, userAgent] of Object.entries(PEOPLE)) {
        const res = await follow(ingest, link, { userAgent });
        expect(res.status, who).to.equal(302);
        const location = locationOf(res);
        expect(location.searchParams.get('ref'), who).to.equal(link.code);
        expect(location.searchParams.get('utm_source'), who).to.equal('ava');
        expect(location.searchParams.get('itc'), who).to.match(/^clk_/);
      }
      const clicks = await clicksOf(link);
      expect(clicks, 'one click per person').to.have.length(Object.keys(PEOPLE).length);
      expect(clicks.every((click) => click.unique)).to.equal(true);
    });
  });

  describe('when bots and link previews fetch a link, or a request has no User-Agent', () => {
    it('redirects each with ref but no itc, queues no click, and counts it by reason', async () => {
      const link = await newLink();
      const [botsBefore, noUaBefore] = [await filteredCount('bot'), await filteredCount('no_user_agent')];
      for (const [who, userAgent] of Object.entries(BOTS)) {
        const res = await follow(ingest, link, { userAgent });
        expect(res.status, who).to.equal(302);
        expect(locationOf(res).searchParams.get('ref'), who).to.equal(link.code);
        expect(locationOf(res).searchParams.has('itc'), who).to.equal(false);
      }
      for (const userAgent of [undefined, '']) {
        const res = await follow(ingest, link, { userAgent });
        expect(res.status).to.equal(302);
        expect([...locationOf(res).searchParams.keys()].sort()).to.deep.equal(['ref', 'utm_source']);
      }
      // A click is queued before its 302 is sent: one person's click after them shows the queue holds only that.
      await follow(ingest, link, { userAgent: CHROME_USER_AGENT });
      expect(await clicksOf(link)).to.have.length(1);
      expect(await filteredCount('bot')).to.equal(botsBefore + Object.keys(BOTS).length);
      expect(await filteredCount('no_user_agent')).to.equal(noUaBefore + 2);
    });
  });

  describe('when a client asks with HEAD', () => {
    it('answers like GET, 302 with ref and no itc, and records no click', async () => {
      const link = await newLink();
      const before = await filteredCount('head');
      const res = await follow(ingest, link, { method: 'HEAD', userAgent: CHROME_USER_AGENT });
      expect(res.status).to.equal(302);
      expect(res.text).to.equal('');
      expect(locationOf(res).searchParams.get('ref')).to.equal(link.code);
      expect(locationOf(res).searchParams.has('itc')).to.equal(false);
      await follow(ingest, link, { userAgent: CHROME_USER_AGENT });
      expect(await clicksOf(link)).to.have.length(1);
      expect(await filteredCount('head')).to.equal(before + 1);
    });
  });

  describe('unique clicks', () => {
    it("counts a visitor's first click on a link in the day as unique, on every ingest copy", async () => {
      const link = await newLink();
      const other = await newLink();
      const ip = freshIp();
      const itcOf = async (target: { url: string }, l: Link, visitor: { ip: string; userAgent: string }) =>
        locationOf(await follow(target, l, visitor)).searchParams.get('itc');
      const first = await itcOf(ingest, link, { ip, userAgent: CHROME_USER_AGENT });
      const again = await itcOf(otherCopy, link, { ip, userAgent: CHROME_USER_AGENT });
      const otherBrowser = await itcOf(ingest, link, { ip, userAgent: PEOPLE['Firefox (Windows)'] });
      const otherAddress = await itcOf(otherCopy, link, { ip: freshIp(), userAgent: CHROME_USER_AGENT });
      const otherLink = await itcOf(ingest, other, { ip, userAgent: CHROME_USER_AGENT });

      const uniqueOf = async (itc: string | null) => (await queuedClicks(backing.queues, backing.redis)).find((click) => click.clickId === itc)?.unique;
      expect(await uniqueOf(first), 'the first click').to.equal(true);
      expect(await uniqueOf(again), 'the same visitor again, through the other copy').to.equal(false);
      expect(await uniqueOf(otherBrowser), 'the same address in another browser').to.equal(true);
      expect(await uniqueOf(otherAddress), 'another address').to.equal(true);
      expect(await uniqueOf(otherLink), 'the same visitor on another link').to.equal(true);
    });

    it('queues nothing about the visitor, and keeps in Redis only a hash that expires when the UTC day ends', async () => {
      const link = await newLink();
      const ip = freshIp();
      await follow(ingest, link, { ip, userAgent: CHROME_USER_AGENT });
      const [click] = await clicksOf(link);
      expect(Object.keys(click ?? {}).sort()).to.deep.equal(['clickId', 'clickedAt', 'linkId', 'unique', 'workspaceId']);

      const seen = await backing.redis.keys(`${config.queuePrefix}:clicks:seen:${link.id}:*`);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.not.include(ip);
      expect(await backing.redis.get(seen[0] ?? '')).to.equal('1');
      const now = new Date();
      const endOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      const expiresAt = Number(await backing.redis.pexpiretime(seen[0] ?? ''));
      expect(expiresAt).to.equal(endOfDay);

      const dayKey = `${config.queuePrefix}:clicks:visitor-key:${now.toISOString().slice(0, 10)}`;
      expect(Number(await backing.redis.pexpiretime(dayKey)), "the day's key expires an hour after the day").to.equal(endOfDay + 3_600_000);
    });
  });
});
