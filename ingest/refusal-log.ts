import type IORedis from 'ioredis';
import type { DropReason } from './drop-reasons';
import type { IngestMetrics } from './metrics';

/** Counts refused beacons per integration and reason (Redis hash) for the admin's troubleshooting view. */
export function createRefusalLog(deps: { redis: IORedis; prefix: string; metrics: IngestMetrics }) {
  const key = (integrationId: string) => `${deps.prefix}:refusals:${integrationId}`;
  return {
    record(reason: DropReason, integrationId: string | null): void {
      deps.metrics.beaconsRefused.inc({ reason });
      if (!integrationId) return;
      deps.redis.hincrby(key(integrationId), reason, 1).catch(() => undefined);
    },
    async read(integrationId: string): Promise<Record<string, number>> {
      const raw = await deps.redis.hgetall(key(integrationId));
      return Object.fromEntries(Object.entries(raw).map(([reason, count]) => [reason, Number(count)]));
    },
  };
}

export type RefusalLog = ReturnType<typeof createRefusalLog>;
