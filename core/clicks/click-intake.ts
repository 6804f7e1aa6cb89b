import { hostname } from 'node:os';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from '../logger';
import type { ClickJob, ClicksQueueJob } from '../queues';

/**
 * The click intake: the Redis stream a tracking redirect appends a person's click to, in the same
 * script call that counts its rate limit and decides whether it is unique (ingest/rate-limit.ts),
 * so a click costs the redirect one Redis round trip and no queue job of its own. The relay below,
 * in the queue consumer, moves the intake into the `clicks` BullMQ queue in batches; from there
 * clicks go to PostgreSQL as before. A click is in Redis before its 302 is sent, as it was when
 * the redirect queued its job itself.
 */
export const clickIntakeKey = (prefix: string): string => `${prefix}:clicks:intake`;

/** The relay's consumer group on the intake stream. */
export const CLICK_INTAKE_GROUP = 'relay';

/** A click as the intake holds it (whether it is unique is decided beside it, by the same script call). */
export type IntakeClick = Omit<ClickJob, 'unique'>;

/** `clickId linkId workspaceId clickedAtMs`: ids are URL-safe, so a space never occurs inside one. */
export function encodeIntakeClick(click: { clickId: string; linkId: string; workspaceId: string; clickedAtMs: number }): string {
  return `${click.clickId} ${click.linkId} ${click.workspaceId} ${click.clickedAtMs}`;
}

/** The click of an intake entry (`record`, `claimed` fields), or null for an entry that is not one. */
export function decodeIntakeEntry(fields: string[]): ClickJob | null {
  const field = (name: string) => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
  const [clickId, linkId, workspaceId, clickedAtMs, extra] = (field('record') ?? '').split(' ');
  const clickedAt = Number(clickedAtMs);
  if (!clickId || !linkId || !workspaceId || extra !== undefined || !Number.isSafeInteger(clickedAt)) return null;
  return { clickId, linkId, workspaceId, clickedAt: new Date(clickedAt).toISOString(), unique: field('claimed') === '1' };
}

type StreamEntry = [id: string, fields: string[]];

/** Entries taken per read; one BullMQ job each read. */
const BATCH = 500;
/** How long a read waits for new entries before it looks again (and sees a stop). */
const BLOCK_MS = 1_000;
/** An entry read by a relay that has not acknowledged it for this long (it died) is taken over. */
const RECLAIM_IDLE_MS = 30_000;
/** After a failed round (Redis away, the queue refusing), the relay waits this long before the next. */
const RETRY_MS = 1_000;

/**
 * Moves the click intake into the `clicks` queue: reads new entries as the consumer group's
 * member (`XREADGROUP`), adds them as one job whose id is the batch's first entry id, then
 * acknowledges and deletes them. Entries another relay read and never acknowledged (it was killed)
 * are taken over after `RECLAIM_IDLE_MS` (`XAUTOCLAIM`). A batch relayed twice (killed between
 * the add and the acknowledgement) is harmless: the same job id is not added again while the job
 * is kept, and clicks are recorded by id (`on conflict do nothing`). Several consumer copies may
 * each run one: the group hands each entry to one of them.
 *
 * `redis` is the relay's own connection: its reads block for up to a second, and stopping closes it.
 */
export function createClickIntakeRelay(options: {
  redis: IORedis;
  clicks: Queue<ClicksQueueJob>;
  prefix: string;
  log: Logger;
  /** Default RECLAIM_IDLE_MS; shorter in tests. */
  reclaimIdleMs?: number;
}) {
  const { redis, log } = options;
  const reclaimIdleMs = options.reclaimIdleMs ?? RECLAIM_IDLE_MS;
  // A lost connection shows as failed commands, logged once per failed round below.
  redis.on('error', () => undefined);
  const key = clickIntakeKey(options.prefix);
  const consumer = `${hostname()}:${process.pid}`;
  let stopped = false;
  let waitingForEntries = false;
  let groupReady = false;
  let lastReclaimAt = 0;

  async function ensureGroup(): Promise<void> {
    if (groupReady) return;
    try {
      // From the stream's start, so that entries appended before the group existed are relayed too.
      await redis.xgroup('CREATE', key, CLICK_INTAKE_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
    groupReady = true;
  }

  async function relay(entries: StreamEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const ids = entries.map(([id]) => id);
    const clicks: ClickJob[] = [];
    for (const [id, fields] of entries) {
      const click = decodeIntakeEntry(fields);
      if (click) clicks.push(click);
      else log.warn({ entryId: id }, 'click intake entry is not a click; dropped');
    }
    if (clicks.length > 0) await options.clicks.add('clicks', { clicks }, { jobId: `intake-${ids[0]}` });
    await redis
      .multi()
      .xack(key, CLICK_INTAKE_GROUP, ...ids)
      .xdel(key, ...ids)
      .exec();
  }

  /** Entries of relays that died holding them. */
  async function reclaimStale(): Promise<StreamEntry[]> {
    if (Date.now() - lastReclaimAt < reclaimIdleMs / 2) return [];
    lastReclaimAt = Date.now();
    const reply = (await redis.xautoclaim(key, CLICK_INTAKE_GROUP, consumer, reclaimIdleMs, '0-0', 'COUNT', BATCH)) as [string, StreamEntry[]];
    // Entries deleted since they were read come back without fields.
    return reply[1].filter(([, fields]) => Array.isArray(fields));
  }

  async function readNew(): Promise<StreamEntry[]> {
    waitingForEntries = true;
    try {
      const reply = (await redis.xreadgroup('GROUP', CLICK_INTAKE_GROUP, consumer, 'COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', key, '>')) as Array<
        [string, StreamEntry[]]
      > | null;
      return reply?.[0]?.[1] ?? [];
    } finally {
      waitingForEntries = false;
    }
  }

  /** One round: stale entries first, then new ones (waiting up to a second for some). Returns how many clicks moved. */
  async function relayOnce(): Promise<number> {
    await ensureGroup();
    const stale = await reclaimStale();
    await relay(stale);
    const fresh = await readNew();
    await relay(fresh);
    return stale.length + fresh.length;
  }

  let running: Promise<void> | undefined;
  async function loop(): Promise<void> {
    while (!stopped) {
      try {
        while (!stopped) await relayOnce();
      } catch (err) {
        if (stopped) return;
        // NOGROUP (Redis lost the stream and its group, a restart without persistence) is mended
        // by creating the group again on the next round.
        groupReady = false;
        log.warn({ err: (err as Error).message }, 'click intake relay round failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  return {
    consumer,
    /** Starts relaying in the background. */
    start(): void {
      running ??= loop();
    },
    /** One round now, in the caller's time (tests). */
    relayOnce,
    /**
     * Stops after the current round; a read waiting for new entries is cut short by closing the
     * connection (entries it was handed are then taken over later, as after a crash).
     */
    async stop(): Promise<void> {
      stopped = true;
      if (waitingForEntries) redis.disconnect();
      await running;
      redis.disconnect();
    },
  };
}

export type ClickIntakeRelay = ReturnType<typeof createClickIntakeRelay>;
