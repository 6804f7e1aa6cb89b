import { MAX_KEPT_URL_LENGTH, type Beacon } from '../core/domain/beacon';
import { newId } from '../core/domain/ids';
import type { Queues } from '../core/queues';
import type { QueueWriter } from './queue-writer';
import { BeaconDropped } from './drop-reasons';
import type { IntegrationCache } from './integration-cache';
import type { IngestMetrics } from './metrics';
import type { PingThrottle } from './ping-throttle';
import type { RateLimit } from './rate-limit';

export type AcceptBeaconDeps = {
  queues: Queues;
  enqueueOrder: QueueWriter['enqueueOrder'];
  integrations: IntegrationCache;
  shouldRecordPing: PingThrottle;
  checkRateLimit: RateLimit;
  metrics: IngestMetrics;
};

/**
 * The page's address without its query and fragment, which may carry an e-mail address, a name
 * or an order token: older cached pixels still send them.
 */
function withoutQuery(url: string | undefined): string | undefined {
  return url?.split(/[?#]/)[0]?.slice(0, MAX_KEPT_URL_LENGTH);
}

/** Where a beacon came from: its Origin (or Referer's origin), the client address, and when. */
export type BeaconSource = { origin: string | null; clientIp: string; receivedAt: Date };

/**
 * The edge checks that cost no PostgreSQL query (integration known, its rate limit for this
 * client address, not disconnected; for orders, the registered origin), then the queue.
 * Resolves only once the report is in Redis (batched with the reports of the same moment). Pings are accepted from any origin: other origins
 * are kept for troubleshooting.
 */
export function createAcceptBeacon(deps: AcceptBeaconDeps) {
  return async function acceptBeacon(beacon: Beacon, { origin, clientIp, receivedAt }: BeaconSource): Promise<{ queued: boolean; reportId?: string }> {
    const integration = await deps.integrations.get(beacon.id);
    if (!integration) throw new BeaconDropped('unknown_integration', null);
    // Keyed by a known integration only, so that made-up ids cannot mint rate-limit keys.
    const limit = await deps.checkRateLimit(`${integration.id}:${clientIp}`);
    if (!limit.allowed) throw new BeaconDropped('rate_limited', integration.id, { retryAfterSeconds: limit.retryAfterSeconds });
    if (integration.status === 'disconnected') throw new BeaconDropped('integration_disconnected', integration.id);
    if (!origin) throw new BeaconDropped('missing_origin', integration.id);

    if (beacon.type === 'ping') {
      if (!(await deps.shouldRecordPing(integration.id, origin))) {
        deps.metrics.pingsThrottled.inc();
        return { queued: false };
      }
      const stop = deps.metrics.enqueueSeconds.startTimer({ queue: 'pings' });
      await deps.queues.pings.add('ping', {
        integrationId: integration.id,
        origin,
        pageUrl: withoutQuery(beacon.url),
        seenAt: receivedAt.toISOString(),
        pings: 1,
      });
      stop();
      deps.metrics.beaconsAccepted.inc({ type: 'ping' });
      return { queued: true };
    }

    if (origin !== integration.origin) throw new BeaconDropped('origin_mismatch', integration.id, { origin, registeredOrigin: integration.origin });
    const reportId = newId('rpt');
    await deps.enqueueOrder({
      reportId,
      integrationId: integration.id,
      origin,
      pageUrl: withoutQuery(beacon.url),
      order: beacon.order,
      attribution: beacon.attribution,
      receivedAt: receivedAt.toISOString(),
    });
    deps.metrics.beaconsAccepted.inc({ type: 'order' });
    return { queued: true, reportId };
  };
}

export type AcceptBeacon = ReturnType<typeof createAcceptBeacon>;
