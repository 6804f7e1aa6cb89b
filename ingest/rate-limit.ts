import type IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { createTickBatcher } from '../core/tick-batcher';

export type RateLimitAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_MS = 60_000;
/** Hits counted by one script call; a busier moment simply makes several calls. */
const MAX_HITS_PER_CALL = 500;
/** Past this many blocked keys, the expired ones are swept out when another is added. */
const BLOCKED_KEYS_SWEEP_AT = 10_000;

/**
 * Adds each key's hits (ARGV[i + 1]) and returns, per key, its count in the current window and
 * the milliseconds left in it; a key's window starts with its first hit (ARGV[1] ms long).
 */
const COUNT_HITS_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCRBY', key, ARGV[i + 1])
  local msLeft = redis.call('PTTL', key)
  if msLeft < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    msLeft = tonumber(ARGV[1])
  end
  out[2 * i - 1] = count
  out[2 * i] = msLeft
end
return out`;

type CountHits = (numberOfKeys: number, ...keysThenArgs: string[]) => Promise<Array<number | string>>;

/** The script as an ioredis command (sent once, then called by its SHA). */
function countHitsCommand(redis: IORedis): CountHits {
  const name = 'influtraceCountHits';
  if (!(name in redis)) redis.defineCommand(name, { lua: COUNT_HITS_LUA });
  return (redis as unknown as Record<string, CountHits>)[name]!.bind(redis);
}

const ALLOWED: RateLimitAnswer = { allowed: true };
const refusedFor = (msLeft: number): RateLimitAnswer => ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) });

/**
 * At most `perMinute` hits per key in each one-minute window, counted in Redis so that every
 * ingest copy shares the count. The hits of one event-loop turn are counted together by one
 * script call (one Redis command for fifty beacons, not fifty); within it, a key's hits are
 * numbered in the order they arrived, so the answers are those of counting them one by one.
 *
 * The producer connection fails fast (no offline queue), so when Redis cannot answer each
 * process counts in memory instead (rate-limiter-flexible's memory limiter, the insurance): a
 * Redis hiccup alone never refuses anything. A key over its limit is then blocked in this
 * process's memory until its window ends, so a flood costs Redis no more commands.
 */
export function createRateLimit(
  redis: IORedis,
  options: {
    prefix: string;
    name: string;
    perMinute: number;
    /** Told how many hits were counted in memory because Redis could not count them. */
    onCountedInMemory?: (hits: number) => void;
  },
) {
  const keyPrefix = `${options.prefix}:rate-limit:${options.name}:`;
  const countHits = countHitsCommand(redis);
  const insurance = new RateLimiterMemory({ points: options.perMinute, duration: WINDOW_MS / 1000 });
  const blockedUntil = new Map<string, number>();

  function block(key: string, msLeft: number): void {
    if (blockedUntil.size >= BLOCKED_KEYS_SWEEP_AT) {
      const now = Date.now();
      for (const [blocked, until] of blockedUntil) if (until <= now) blockedUntil.delete(blocked);
    }
    blockedUntil.set(key, Date.now() + msLeft);
  }

  async function countInMemory(key: string): Promise<RateLimitAnswer> {
    try {
      await insurance.consume(key);
      return ALLOWED;
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return refusedFor(refused.msBeforeNext);
    }
  }

  async function countInRedis(keys: string[]): Promise<RateLimitAnswer[]> {
    const hitsPerKey = new Map<string, number>();
    for (const key of keys) hitsPerKey.set(key, (hitsPerKey.get(key) ?? 0) + 1);
    const distinct = [...hitsPerKey.keys()];
    const reply = await countHits(
      distinct.length,
      ...distinct.map((key) => keyPrefix + key),
      String(WINDOW_MS),
      ...distinct.map((key) => String(hitsPerKey.get(key))),
    );
    // Each key's hits in this batch take the counts just below its new total, in arrival order.
    const nextCount = new Map<string, { count: number; msLeft: number }>();
    distinct.forEach((key, i) => nextCount.set(key, { count: Number(reply[2 * i]) - hitsPerKey.get(key)! + 1, msLeft: Number(reply[2 * i + 1]) }));
    return keys.map((key) => {
      const window = nextCount.get(key)!;
      const countAtThisHit = window.count++;
      if (countAtThisHit <= options.perMinute) return ALLOWED;
      block(key, window.msLeft);
      return refusedFor(window.msLeft);
    });
  }

  const batcher = createTickBatcher<string, RateLimitAnswer>({
    maxItems: MAX_HITS_PER_CALL,
    async flush(keys) {
      try {
        return await countInRedis(keys);
      } catch {
        options.onCountedInMemory?.(keys.length);
        return Promise.all(keys.map(countInMemory));
      }
    },
  });

  return async function checkRateLimit(key: string): Promise<RateLimitAnswer> {
    const until = blockedUntil.get(key);
    if (until !== undefined) {
      const msLeft = until - Date.now();
      if (msLeft > 0) return refusedFor(msLeft);
      blockedUntil.delete(key);
    }
    if (redis.status !== 'ready') {
      options.onCountedInMemory?.(1);
      return countInMemory(key);
    }
    return batcher.add(key);
  };
}

export type RateLimit = ReturnType<typeof createRateLimit>;
