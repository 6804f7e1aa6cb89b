import type IORedis from 'ioredis';
import type { Logger } from '../core/logger';
import { INTEGRATION_CHANGED_CHANNEL } from '../core/public-paths';
import type { IntegrationCache } from './integration-cache';
import type { KeyCache } from './key-cache';

/** Drops what is cached about an integration as soon as the admin API announces a change (verify, disconnect, a key revoked). */
export async function followIntegrationChanges(deps: {
  redis: IORedis;
  prefix: string;
  integrations: IntegrationCache;
  keys: KeyCache;
  log: Logger;
}): Promise<IORedis> {
  const subscriber = deps.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  const channel = `${deps.prefix}:${INTEGRATION_CHANGED_CHANNEL}`;
  subscriber.on('message', (_channel: string, integrationId: string) => {
    deps.integrations.invalidate(integrationId);
    deps.keys.invalidateIntegration(integrationId);
  });
  subscriber.on('error', (err) => deps.log.warn({ err: err.message }, 'integration change subscription error'));
  await subscriber.subscribe(channel);
  return subscriber;
}
