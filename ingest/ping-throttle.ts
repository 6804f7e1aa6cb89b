import type IORedis from 'ioredis';

/**
 * At most one ping per (integration, origin) per window reaches the queue and PostgreSQL; the
 * first one of each window goes through at once, so Verify sees a new install within seconds.
 */
export function createPingThrottle(redis: IORedis, options: { prefix: string; windowSeconds: number }) {
  return async function shouldRecordPing(integrationId: string, origin: string): Promise<boolean> {
    const key = `${options.prefix}:ping-throttle:${integrationId}:${origin}`;
    const set = await redis.set(key, '1', 'EX', options.windowSeconds, 'NX');
    return set === 'OK';
  };
}

export type PingThrottle = ReturnType<typeof createPingThrottle>;
