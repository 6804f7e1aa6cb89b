import type IORedis from 'ioredis';

/**
 * Beacons refused at the edge, counted per integration and reason in a Redis hash: ingest
 * writes it, the admin API shows it to the admin troubleshooting that integration.
 */
export function createRefusalLog<Reason extends string = string>(deps: { redis: IORedis; prefix: string }) {
  const key = (integrationId: string) => `${deps.prefix}:refusals:${integrationId}`;
  return {
    /** Fire and forget: a Redis hiccup must not turn a refusal into another error. */
    record(reason: Reason, integrationId: string): void {
      deps.redis.hincrby(key(integrationId), reason, 1).catch(() => undefined);
    },
    async read(integrationId: string): Promise<Record<string, number>> {
      const raw = await deps.redis.hgetall(key(integrationId));
      return Object.fromEntries(Object.entries(raw).map(([reason, count]) => [reason, Number(count)]));
    },
  };
}

export type RefusalLog<Reason extends string = string> = ReturnType<typeof createRefusalLog<Reason>>;
