import type IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export type RateLimitAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * At most `perMinute` hits per key in each one-minute window, counted in Redis so that every
 * ingest copy shares the count. The producer connection fails fast (no offline queue), so when
 * Redis cannot answer each process counts in memory instead (the insurance limiter): a Redis
 * hiccup alone never refuses anything. A key over its limit is then blocked in this process's
 * memory until its window ends, so a flood costs Redis no more commands.
 */
export function createRateLimit(redis: IORedis, options: { prefix: string; name: string; perMinute: number }) {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${options.prefix}:rate-limit:${options.name}`,
    points: options.perMinute,
    duration: 60,
    rejectIfRedisNotReady: true,
    inMemoryBlockOnConsumed: options.perMinute + 1,
    insuranceLimiter: new RateLimiterMemory({ points: options.perMinute, duration: 60 }),
  });

  return async function checkRateLimit(key: string): Promise<RateLimitAnswer> {
    try {
      await limiter.consume(key);
      return { allowed: true };
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
    }
  };
}

export type RateLimit = ReturnType<typeof createRateLimit>;
