import type { Beacon } from '../core/domain/beacon';
import { newId } from '../core/domain/ids';
import type { Queues } from '../core/queues';
import { BeaconDropped } from './drop-reasons';
import type { IntegrationCache } from './integration-cache';
import type { IngestMetrics } from './metrics';
import type { PingThrottle } from './ping-throttle';

export type AcceptBeaconDeps = { queues: Queues; integrations: IntegrationCache; shouldRecordPing: PingThrottle; metrics: IngestMetrics };

/**
 * The edge checks that cost no PostgreSQL query (integration known and not disconnected; for
 * orders, the registered origin), then the queue. Resolves only once the job is in Redis.
 * Pings are accepted from any origin: other origins are kept for troubleshooting.
 */
export function createAcceptBeacon(deps: AcceptBeaconDeps) {
  return async function acceptBeacon(beacon: Beacon, origin: string | null, receivedAt: Date): Promise<{ queued: boolean; reportId?: string }> {
    const integration = await deps.integrations.get(beacon.id);
    if (!integration) throw new BeaconDropped('unknown_integration', null);
    if (integration.status === 'disconnected') throw new BeaconDropped('integration_disconnected', integration.id);
    if (!origin) throw new BeaconDropped('missing_origin', integration.id);

    if (beacon.type === 'ping') {
      if (!(await deps.shouldRecordPing(integration.id, origin))) {
        deps.metrics.pingsThrottled.inc();
        return { queued: false };
      }
      const stop = deps.metrics.enqueueSeconds.startTimer({ queue: 'pings' });
      await deps.queues.pings.add('ping', { integrationId: integration.id, origin, pageUrl: beacon.url, seenAt: receivedAt.toISOString(), pings: 1 });
      stop();
      deps.metrics.beaconsAccepted.inc({ type: 'ping' });
      return { queued: true };
    }

    if (origin !== integration.origin) throw new BeaconDropped('origin_mismatch', integration.id, { origin, registeredOrigin: integration.origin });
    const reportId = newId('rpt');
    const stop = deps.metrics.enqueueSeconds.startTimer({ queue: 'orders' });
    await deps.queues.orders.add(
      'order',
      {
        reportId,
        integrationId: integration.id,
        origin,
        pageUrl: beacon.url,
        order: beacon.order,
        attribution: beacon.attribution,
        receivedAt: receivedAt.toISOString(),
      },
      { jobId: reportId },
    );
    stop();
    deps.metrics.beaconsAccepted.inc({ type: 'order' });
    return { queued: true, reportId };
  };
}

export type AcceptBeacon = ReturnType<typeof createAcceptBeacon>;
