import IORedis from 'ioredis';
import type { Config } from '../core/config';
import { openServiceDb } from '../core/db';
import { listen } from '../core/http/listen';
import type { Logger } from '../core/logger';
import { INTEGRATION_CHANGED_CHANNEL } from '../core/public-paths';
import { createRefusalLog } from '../core/refusal-log';
import { openWatchedQueues } from '../core/watched-queues';
import { lazyTemporalClient } from '../core/temporal-client';
import { createMailer } from '../core/people/mailer';
import { createAdminApp } from './app';

/** Wires the admin API from configuration and listens; used by server.ts and by the tests. */
export async function startAdminApi(config: Config, log: Logger, port = config.adminApi.port) {
  const db = openServiceDb(config, 10);
  // Connected on the first verification, refund or webhook: the admin API serves while Temporal is
  // away, and a person's click waits at most 3 s for it before the answer says it was not reached.
  const temporal = lazyTemporalClient(config.temporal, { connectTimeout: '3 seconds' });
  // Publishing changes and reading refusal counts: neither may hold a request for long.
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 3, commandTimeout: 2_000 });
  const operatorQueues = config.operatorToken ? openWatchedQueues(redis, config.queuePrefix) : [];
  // The dashboard's URL: PUBLIC_ADMIN_URL, else where this server listens (known once it does).
  let listeningUrl = `http://${config.adminApi.host}:${port}`;
  const app = createAdminApp({
    db,
    temporal: temporal.get,
    taskQueue: config.temporal.taskQueue,
    publicIngestUrl: config.ingest.publicUrl,
    verificationPolling: config.verificationPolling,
    log,
    refusals: createRefusalLog({ redis, prefix: config.queuePrefix }),
    webhooks: config.webhooks,
    onIntegrationChanged: (id) => void redis.publish(`${config.queuePrefix}:${INTEGRATION_CHANGED_CHANNEL}`, id).catch(() => undefined),
    operator: config.operatorToken ? { token: config.operatorToken, queues: operatorQueues } : undefined,
    temporalUi: config.temporal.uiUrl ? { url: config.temporal.uiUrl, namespace: config.temporal.namespace } : undefined,
    people: {
      sessions: { idleSeconds: config.people.sessionIdleSeconds, maxSeconds: config.people.sessionMaxSeconds },
      publicAdminUrl: () => config.people.publicAdminUrl ?? listeningUrl,
      mailer: createMailer(config.people.smtpUrl, config.people.mailFrom, log),
      secretKey: config.webhooks.secretKey,
    },
  });
  const running = await listen(app, config.adminApi.host, port);
  listeningUrl = running.url;
  log.info({ url: running.url, queueDashboard: config.operatorToken ? `${running.url}/operator/queues` : 'off (no OPERATOR_TOKEN)' }, 'admin API listening');
  return {
    url: running.url,
    async close() {
      await running.close();
      await Promise.all(operatorQueues.map((q) => q.close()));
      redis.disconnect();
      await temporal.close();
      await db.destroy();
    },
  };
}
