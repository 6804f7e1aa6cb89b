import type IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { createTickBatcher } from '../core/tick-batcher';

/**
 * `claimed`: only for a hit that asked for a claim (see `checkRateLimit`), whether its key was set by this hit.
 * `recorded`: only for a hit whose claim carried a record, whether the record was appended to the record stream.
 */
export type RateLimitAnswer = { allowed: true; claimed?: boolean; recorded?: boolean } | { allowed: false; retryAfterSeconds: number };

/**
 * A key to `SET … NX` (expiring at `untilMs`, epoch milliseconds) in the same script call, only when
 * the hit is allowed; with `record`, that text is also appended (`XADD`) to the rate limit's record
 * stream, beside whether the key was set: the tracking redirect queues a person's click this way.
 */
export type Claim = { key: string; untilMs: number; record?: string };

const WINDOW_MS = 60_000;
/** Hits counted by one script call; a busier moment simply makes several calls. */
const MAX_HITS_PER_CALL = 500;
/** Past this many blocked keys, the expired ones are swept out when another is added. */
const BLOCKED_KEYS_SWEEP_AT = 10_000;

/**
 * Adds each distinct key's hits (KEYS[1..n], ARGV[4 + i]) and returns, per key, its count in the
 * current window and the milliseconds left in it; a key's window starts with its first hit (ARGV[1]
 * ms long). Then, per claim (KEYS[n + j]; ARGV: the index of its hit's key, the hit's position among
 * that key's hits in this call, the claim's expiry in epoch ms, its record or ''), `SET … NX` when
 * that hit is within the limit (ARGV[2]): 1 where it set the key, 0 where the key was there, -1
 * where the hit was over. A claim's record, for a hit within the limit, is appended to the record
 * stream (the last of KEYS when ARGV[4] is 1) as `record <record> claimed <1|0>`.
 */
const COUNT_HITS_LUA = `
local windowMs, limit, n, hasStream = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1'
local out = {}
for i = 1, n do
  local hits = tonumber(ARGV[4 + i])
  local count = redis.call('INCRBY', KEYS[i], hits)
  local msLeft = redis.call('PTTL', KEYS[i])
  if msLeft < 0 then
    redis.call('PEXPIRE', KEYS[i], windowMs)
    msLeft = tonumber(windowMs)
  end
  out[2 * i - 1] = count
  out[2 * i] = msLeft
end
local stream = hasStream and KEYS[#KEYS] or nil
local lastClaim = hasStream and #KEYS - 1 or #KEYS
local at = 4 + n
for j = n + 1, lastClaim do
  local keyIndex, position, untilMs, record = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), ARGV[at + 3], ARGV[at + 4]
  at = at + 4
  local countAtHit = out[2 * keyIndex - 1] - tonumber(ARGV[4 + keyIndex]) + position
  if countAtHit > limit then
    out[n * 2 + j - n] = -1
  else
    local claimed = redis.call('SET', KEYS[j], '1', 'PXAT', untilMs, 'NX') and 1 or 0
    out[n * 2 + j - n] = claimed
    if stream and record ~= '' then redis.call('XADD', stream, '*', 'record', record, 'claimed', claimed) end
  end
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
const CLAIMED: RateLimitAnswer = { allowed: true, claimed: true };
const NOT_CLAIMED: RateLimitAnswer = { allowed: true, claimed: false };
const CLAIMED_RECORDED: RateLimitAnswer = { allowed: true, claimed: true, recorded: true };
const CLAIMED_NOT_RECORDED: RateLimitAnswer = { allowed: true, claimed: true, recorded: false };
const NOT_CLAIMED_RECORDED: RateLimitAnswer = { allowed: true, claimed: false, recorded: true };
const NOT_CLAIMED_NOT_RECORDED: RateLimitAnswer = { allowed: true, claimed: false, recorded: false };

/** An allowed hit's answer, one of those above (the hot path allocates none): `claimed` only for a hit with a claim, `recorded` only for a claim with a record. */
function allowedAnswer(claimed?: boolean, recorded?: boolean): RateLimitAnswer {
  if (claimed === undefined) return ALLOWED;
  if (recorded === undefined) return claimed ? CLAIMED : NOT_CLAIMED;
  if (recorded) return claimed ? CLAIMED_RECORDED : NOT_CLAIMED_RECORDED;
  return claimed ? CLAIMED_NOT_RECORDED : NOT_CLAIMED_NOT_RECORDED;
}
const refusedFor = (msLeft: number): RateLimitAnswer => ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) });

type Hit = { key: string; claim: Claim | undefined };

/**
 * At most `perMinute` hits per key in each one-minute window, counted in Redis so that every
 * ingest copy shares the count. The hits of one event-loop turn are counted together by one
 * script call (one Redis command for fifty beacons, not fifty); within it, a key's hits are
 * numbered in the order they arrived, so the answers are those of counting them one by one.
 * A hit may carry a claim (a key to `SET … NX` if the hit is allowed), decided by the same
 * script call: the tracking redirect decides a unique click in its rate limit's round trip.
 *
 * The producer connection fails fast (no offline queue), so when Redis cannot answer each
 * process counts in memory instead (rate-limiter-flexible's memory limiter, the insurance): a
 * Redis hiccup alone never refuses anything. A key over its limit is then blocked in this
 * process's memory until its window ends, so a flood costs Redis no more commands. A claim that
 * Redis could not decide is answered `claimed: false` (and told to `onClaimUndecided`), and its
 * record `recorded: false`: the caller then records it some other way or says it could not.
 */
export function createRateLimit(
  redis: IORedis,
  options: {
    prefix: string;
    name: string;
    perMinute: number;
    /** Told how many hits were counted in memory because Redis could not count them. */
    onCountedInMemory?: (hits: number) => void;
    /** Told how many claims were answered `claimed: false` because Redis could not decide them. */
    onClaimUndecided?: (claims: number) => void;
    /** The stream a claim's record is appended to (see `Claim`); without it, records are not written. */
    recordStream?: string;
  },
) {
  const keyPrefix = `${options.prefix}:rate-limit:${options.name}:`;
  const countHits = countHitsCommand(redis);
  const insurance = new RateLimiterMemory({ points: options.perMinute, duration: WINDOW_MS / 1000 });
  const blockedUntil = new Map<string, number>();
  const limitArg = String(options.perMinute);

  function block(key: string, msLeft: number): void {
    if (blockedUntil.size >= BLOCKED_KEYS_SWEEP_AT) {
      const now = Date.now();
      for (const [blocked, until] of blockedUntil) if (until <= now) blockedUntil.delete(blocked);
    }
    blockedUntil.set(key, Date.now() + msLeft);
  }

  async function countInMemory(hit: Hit): Promise<RateLimitAnswer> {
    try {
      await insurance.consume(hit.key);
      if (!hit.claim) return allowedAnswer();
      options.onClaimUndecided?.(1);
      // Undecided without Redis: not claimed, and a click's record (where it has one) not appended.
      const recorded = hit.claim.record === undefined ? undefined : false;
      return allowedAnswer(false, recorded);
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return refusedFor(refused.msBeforeNext);
    }
  }

  async function countInRedis(hits: Hit[]): Promise<RateLimitAnswer[]> {
    // Per distinct key: its index (1-based, as the script numbers KEYS) and its hits in this call.
    const perKey = new Map<string, { index: number; hits: number }>();
    const claimKeys: string[] = [];
    const claimArgs: string[] = [];
    for (const hit of hits) {
      let entry = perKey.get(hit.key);
      if (!entry) perKey.set(hit.key, (entry = { index: perKey.size + 1, hits: 0 }));
      entry.hits += 1;
      if (hit.claim) {
        claimKeys.push(hit.claim.key);
        claimArgs.push(String(entry.index), String(entry.hits), String(hit.claim.untilMs), hit.claim.record ?? '');
      }
    }
    const keys: string[] = [];
    const hitCounts: string[] = [];
    for (const [key, entry] of perKey) {
      keys.push(keyPrefix + key);
      hitCounts.push(String(entry.hits));
    }
    // A record is appended only where a record stream was given.
    const appendsRecords = options.recordStream !== undefined && claimKeys.length > 0;
    const stream = appendsRecords ? [options.recordStream!] : [];
    const reply = await countHits(
      keys.length + claimKeys.length + stream.length,
      ...keys,
      ...claimKeys,
      ...stream,
      String(WINDOW_MS),
      limitArg,
      String(keys.length),
      appendsRecords ? '1' : '0',
      ...hitCounts,
      ...claimArgs,
    );
    // Each key's hits in this batch take the counts just below its new total, in arrival order.
    const nextCount = new Map<string, { count: number; msLeft: number }>();
    for (const [key, entry] of perKey) {
      const i = entry.index - 1;
      nextCount.set(key, { count: Number(reply[2 * i]) - entry.hits + 1, msLeft: Number(reply[2 * i + 1]) });
    }
    let claimReply = 2 * keys.length;
    return hits.map((hit) => {
      const window = nextCount.get(hit.key)!;
      const countAtThisHit = window.count++;
      const claimed = hit.claim ? Number(reply[claimReply++]) : undefined;
      if (countAtThisHit <= options.perMinute) {
        const recorded = hit.claim?.record === undefined ? undefined : appendsRecords;
        return allowedAnswer(claimed === undefined ? undefined : claimed === 1, recorded);
      }
      block(hit.key, window.msLeft);
      return refusedFor(window.msLeft);
    });
  }

  const batcher = createTickBatcher<Hit, RateLimitAnswer>({
    maxItems: MAX_HITS_PER_CALL,
    async flush(hits) {
      try {
        return await countInRedis(hits);
      } catch {
        options.onCountedInMemory?.(hits.length);
        return Promise.all(hits.map(countInMemory));
      }
    },
  });

  /** Counts a hit of `key`; with a claim, also sets the claim's key if the hit is allowed (`claimed`: whether this hit set it). */
  return async function checkRateLimit(key: string, claim?: Claim): Promise<RateLimitAnswer> {
    const until = blockedUntil.get(key);
    if (until !== undefined) {
      const msLeft = until - Date.now();
      if (msLeft > 0) return refusedFor(msLeft);
      blockedUntil.delete(key);
    }
    if (redis.status !== 'ready') {
      options.onCountedInMemory?.(1);
      return countInMemory({ key, claim });
    }
    return batcher.add({ key, claim });
  };
}

export type RateLimit = ReturnType<typeof createRateLimit>;
