import { createHmac, type KeyObject } from 'node:crypto';
import type IORedis from 'ioredis';
import { createTickBatcher } from '../tick-batcher';
import { endOfUtcDay } from './utc-day';
import type { VisitorKeyOf } from './visitor-key';

/** Decisions sent in one script call; a busier moment simply makes several. */
const MAX_CLICKS_PER_CALL = 500;

/** SET NX each key (KEYS[i]) until the millisecond ARGV[i]; 1 where it was set (the visitor's first), 0 where it was there. */
const MARK_SEEN_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('SET', key, '1', 'PXAT', ARGV[i], 'NX') and 1 or 0
end
return out`;

type MarkSeen = (numberOfKeys: number, ...keysThenArgs: string[]) => Promise<number[]>;

/** The script as an ioredis command (sent once, then called by its SHA): one command per batch. */
function markSeenCommand(redis: IORedis): MarkSeen {
  const name = 'influtraceMarkSeen';
  if (!(name in redis)) redis.defineCommand(name, { lua: MARK_SEEN_LUA });
  return (redis as unknown as Record<string, MarkSeen>)[name]!.bind(redis);
}

export type ClickToDecide = { linkId: string; address: string; userAgent: string; at: Date };

/** The visitor: HMAC-SHA256 of address and User-Agent under the day's key, 128 bits of it (kept in Redis only, until the day ends). */
export function visitorHashOf(key: KeyObject, address: string, userAgent: string): string {
  return createHmac('sha256', key).update(`${address}\n${userAgent}`).digest().subarray(0, 16).toString('base64url');
}

/** The key a click sets (`SET … NX`) when it is its visitor's first on the link today, and when that key expires (the day's end). */
export type UniqueClickKey = { key: string; untilMs: number };

/**
 * The unique-click key of a click: the link and the visitor's hash under the day's key. Used by
 * the decider below and by the tracking redirect, which sets it in its rate limit's script call.
 */
export function createUniqueClickKeys(options: { prefix: string; visitorKeyOf: VisitorKeyOf }) {
  const keyPrefix = `${options.prefix}:clicks:seen:`;
  return function uniqueClickKeyOf(click: ClickToDecide): Promise<UniqueClickKey> {
    return options.visitorKeyOf(click.at).then((visitorKey) => ({
      key: `${keyPrefix}${click.linkId}:${visitorHashOf(visitorKey, click.address, click.userAgent)}`,
      untilMs: endOfUtcDay(click.at),
    }));
  };
}

export type UniqueClickKeyOf = ReturnType<typeof createUniqueClickKeys>;

/**
 * Whether a click is its visitor's first on that link in the UTC day: `SET … NX` on a key made of
 * the link and the visitor's hash, expiring when the day ends, so every ingest copy agrees and
 * nothing about the visitor outlives the day or leaves Redis. The clicks of one event-loop turn
 * go in one script call (one command); two clicks of one visitor in the same turn are decided in
 * arrival order, the first unique. When Redis cannot answer, the click is recorded as not unique
 * (`onUndecided`): undercounting a visitor beats counting one twice; the redirect never waits longer.
 */
export function createUniqueClickDecider(redis: IORedis, options: { uniqueClickKeyOf: UniqueClickKeyOf; onUndecided?: (clicks: number) => void }) {
  const markSeen = markSeenCommand(redis);

  async function decide(clicks: ClickToDecide[]): Promise<boolean[]> {
    const keys: UniqueClickKey[] = [];
    for (const click of clicks) keys.push(await options.uniqueClickKeyOf(click));
    const firsts = await markSeen(keys.length, ...keys.map(({ key }) => key), ...keys.map(({ untilMs }) => String(untilMs)));
    return clicks.map((_, i) => firsts[i] === 1);
  }

  const batcher = createTickBatcher<ClickToDecide, boolean>({
    maxItems: MAX_CLICKS_PER_CALL,
    async flush(clicks) {
      try {
        return await decide(clicks);
      } catch {
        options.onUndecided?.(clicks.length);
        return clicks.map(() => false);
      }
    },
  });

  return function isFirstClickOfDay(click: ClickToDecide): Promise<boolean> {
    if (redis.status !== 'ready') {
      options.onUndecided?.(1);
      return Promise.resolve(false);
    }
    return batcher.add(click);
  };
}

export type IsFirstClickOfDay = ReturnType<typeof createUniqueClickDecider>;
