import type { Config } from '../core/config';
import { openServiceDb } from '../core/db';
import { listen } from '../core/http/listen';
import type { Logger } from '../core/logger';
import { createProducerConnection, createQueues } from '../core/queues';
import { createIngestApp } from './app';
import { followIntegrationChanges } from './follow-integration-changes';
import { loadPixelAsset } from './pixel-asset';

/** Wires ingest from configuration and listens; used by server.ts and by the tests. */
export async function startIngest(config: Config, log: Logger, port = config.ingest.port) {
  const db = openServiceDb(config, 10);
  const redis = createProducerConnection(config.redisUrl);
  const queues = createQueues(redis, config.queuePrefix);
  const pixel = await loadPixelAsset();
  const ingest = createIngestApp({
    db,
    redis,
    queues,
    pixel,
    log,
    queuePrefix: config.queuePrefix,
    pingThrottleSeconds: config.pingThrottleSeconds,
    rateLimits: config.rateLimits,
    serverRequestsPerMinute: config.serverRequestsPerMinute,
    proxy: { trust: config.ingest.trustProxy, hops: config.ingest.proxyHops },
  });
  const subscriber = await followIntegrationChanges({ redis, prefix: config.queuePrefix, integrations: ingest.integrations, keys: ingest.keys, log });
  const running = await listen(ingest.app, config.ingest.host, port);
  log.info({ url: running.url }, 'ingest listening');
  return {
    ...ingest,
    url: running.url,
    async close() {
      await running.close();
      await ingest.queueWriter.drain();
      subscriber.disconnect();
      await queues.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}
