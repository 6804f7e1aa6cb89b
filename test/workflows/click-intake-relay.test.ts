import { expect } from 'chai';
import IORedis from 'ioredis';
import { CLICK_INTAKE_GROUP, clickIntakeKey, createClickIntakeRelay, encodeIntakeClick, type ClickIntakeRelay } from '../../core/clicks/click-intake';
import { newId } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { clicksOf, createQueues, type ClickJob, type Queues } from '../../core/queues';
import { ALL_JOB_STATES } from '../ingest/ingest-harness';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';

describe('the click intake relay (intake stream → clicks queue)', function () {
  const config = testConfig();
  const key = clickIntakeKey(config.queuePrefix);
  const log = createLogger({ level: 'silent', name: 'test' });
  let redis: IORedis;
  let queues: Queues;
  const relays: ClickIntakeRelay[] = [];

  /** Appends a click as the redirect's script does: its record, and whether its unique-click key was set. */
  async function appendClick(unique: boolean): Promise<ClickJob> {
    const clickedAtMs = Date.now();
    const click = { clickId: newId('clk'), linkId: 'lnk_relay', workspaceId: 'ws_relay', clickedAtMs };
    await redis.xadd(key, '*', 'record', encodeIntakeClick(click), 'claimed', unique ? '1' : '0');
    return { clickId: click.clickId, linkId: click.linkId, workspaceId: click.workspaceId, clickedAt: new Date(clickedAtMs).toISOString(), unique };
  }
  async function queued(): Promise<ClickJob[]> {
    const jobs = await queues.clicks.getJobs([...ALL_JOB_STATES]);
    return jobs.flatMap((job) => (job ? clicksOf(job.data) : [])).sort((a, b) => a.clickId.localeCompare(b.clickId));
  }
  function newRelay(reclaimIdleMs?: number): ClickIntakeRelay {
    const relay = createClickIntakeRelay({
      redis: new IORedis(config.redisUrl, { maxRetriesPerRequest: null }),
      clicks: queues.clicks,
      prefix: config.queuePrefix,
      log,
      reclaimIdleMs,
    });
    relays.push(relay);
    return relay;
  }
  const byId = (clicks: ClickJob[]) => [...clicks].sort((a, b) => a.clickId.localeCompare(b.clickId));

  beforeEach(async () => {
    redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1 });
    queues = createQueues(redis, config.queuePrefix);
    await queues.clicks.obliterate({ force: true });
    await redis.del(key);
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await queues.clicks.obliterate({ force: true });
    await redis.del(key);
    await queues.close();
    redis.disconnect();
  });

  it('moves the clicks appended before it started into one clicks job, with their unique flags, and empties the intake', async () => {
    const clicks = [await appendClick(true), await appendClick(false), await appendClick(true)];
    const [first] = await redis.xrange(key, '-', '+', 'COUNT', 1);
    expect(await newRelay().relayOnce()).to.equal(3);
    expect(await queued()).to.deep.equal(byId(clicks));
    const jobs = await queues.clicks.getJobs([...ALL_JOB_STATES]);
    expect(jobs.map((job) => job?.id)).to.deep.equal([`intake-${first![0]}`]);
    expect(await redis.xlen(key), 'relayed entries are deleted').to.equal(0);
    expect(await redis.xpending(key, CLICK_INTAKE_GROUP), 'and acknowledged').to.deep.include.members([0]);
  });

  it('takes over the entries of a relay that died before acknowledging them, once they have been idle long enough', async () => {
    const clicks = [await appendClick(true), await appendClick(false)];
    await redis.xgroup('CREATE', key, CLICK_INTAKE_GROUP, '0', 'MKSTREAM');
    // A relay reads them and is killed before it adds their job or acknowledges them.
    await redis.xreadgroup('GROUP', CLICK_INTAKE_GROUP, 'killed-relay', 'COUNT', 10, 'STREAMS', key, '>');
    const survivor = newRelay(300);
    await survivor.relayOnce();
    expect(await queued(), 'not before they are idle for the reclaim time').to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await survivor.relayOnce();
    expect(await queued()).to.deep.equal(byId(clicks));
    expect(await redis.xlen(key)).to.equal(0);
  });

  it('drops an entry that is not a click, with the clicks beside it relayed', async () => {
    const click = await appendClick(true);
    await redis.xadd(key, '*', 'record', 'not a click', 'claimed', '1');
    expect(await newRelay().relayOnce()).to.equal(2);
    expect(await queued()).to.deep.equal([click]);
    expect(await redis.xlen(key)).to.equal(0);
  });

  it('keeps relaying in the background, and after Redis lost the stream and its group', async () => {
    newRelay().start();
    const before = await appendClick(true);
    await waitFor(async () => (await queued()).length === 1, 'the first click relayed', 10_000);
    // What a Redis restart without persistence does to the intake: stream and group gone.
    await redis.del(key);
    const after = await appendClick(false);
    await waitFor(async () => (await queued()).length === 2, 'the click appended after the loss relayed', 10_000);
    expect(await queued()).to.deep.equal(byId([before, after]));
  });
});
