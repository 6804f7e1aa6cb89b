import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type IORedis from 'ioredis';
import { endOfUtcDay, utcDayOf } from './utc-day';

/** A day's key outlives its day by this long, so an ingest copy whose clock is slightly behind still finds it. */
const KEY_GRACE_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The day's secret for hashing visitors: 32 random bytes that the first ingest copy to need it
 * puts in Redis (SET NX, expiring an hour after the UTC day ends) and every copy then reads, so
 * all copies hash a visitor alike. It is written nowhere else; once it expires nobody, not even
 * whoever holds the server's configuration, can tell which visitor a past hash was.
 * Each process keeps the current day's key in memory (as a KeyObject, made once): one Redis round
 * trip per process per day.
 */
export function createVisitorKeys(redis: IORedis, options: { prefix: string }) {
  // The day's bounds in epoch ms, so that a click of the same day is told apart by two comparisons.
  let current: { startsAt: number; endsAt: number; key: Promise<KeyObject> } | null = null;

  async function loadKey(day: string, now: Date): Promise<KeyObject> {
    const redisKey = `${options.prefix}:clicks:visitor-key:${day}`;
    const candidate = randomBytes(32).toString('base64');
    const expiresAt = endOfUtcDay(now) + KEY_GRACE_MS;
    await redis.set(redisKey, candidate, 'PXAT', expiresAt, 'NX');
    const stored = await redis.get(redisKey);
    if (!stored) throw new Error('the visitor key of the day vanished from Redis');
    return createSecretKey(Buffer.from(stored, 'base64'));
  }

  return function visitorKeyOf(now: Date): Promise<KeyObject> {
    const at = now.getTime();
    if (!current || at < current.startsAt || at >= current.endsAt) {
      const key = loadKey(utcDayOf(now), now);
      const endsAt = endOfUtcDay(now);
      current = { startsAt: endsAt - DAY_MS, endsAt, key };
      // A failed load is tried again by the next click, not remembered for the day.
      key.catch(() => {
        if (current?.key === key) current = null;
      });
    }
    return current.key;
  };
}

export type VisitorKeyOf = ReturnType<typeof createVisitorKeys>;
