import type IORedis from 'ioredis';
import type { Logger } from '../core/logger';
import { INTEGRATION_CHANGED_CHANNEL } from '../core/public-paths';
import type { IntegrationCache } from './integration-cache';

/** Drops a cached integration as soon as the admin API announces a change (verify, disconnect). */
export async function followIntegrationChanges(deps: { redis: IORedis; prefix: string; cache: IntegrationCache; log: Logger }): Promise<IORedis> {
  const subscriber = deps.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  const channel = `${deps.prefix}:${INTEGRATION_CHANGED_CHANNEL}`;
  subscriber.on('message', (_channel: string, integrationId: string) => deps.cache.invalidate(integrationId));
  subscriber.on('error', (err) => deps.log.warn({ err: err.message }, 'integration change subscription error'));
  await subscriber.subscribe(channel);
  return subscriber;
}
