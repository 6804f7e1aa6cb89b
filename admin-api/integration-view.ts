import type { Integration, OriginSignal } from '../core/repositories/integrations';
import type { z } from 'zod';
import type { IntegrationAnswer, originSeen } from './schemas/integrations';
import { PIXEL_PATH } from '../core/public-paths';
import { buildServerSnippet, buildSnippet } from './snippet';

/** What troubleshooting adds to one integration: the most recent origins seen (of `originsTotal`), and beacons refused by reason (null: the counts could not be read). */
export type IntegrationDetail = { signals: OriginSignal[]; originsTotal: number; refusals: Record<string, number> | null };

/** The integration and Verify answers list this many origins, the most recently seen, beside their count. */
export const ORIGINS_LISTED = 10;

/** `publicIngestUrl`: where stores reach ingest (PUBLIC_INGEST_URL), for both snippets. */
export function integrationView(integration: Integration, publicIngestUrl: string, detail?: IntegrationDetail): IntegrationAnswer {
  return {
    id: integration.id,
    type: integration.type,
    status: integration.status,
    websiteUrl: integration.websiteUrl,
    origin: integration.origin,
    snippet: buildSnippet(`${publicIngestUrl}${PIXEL_PATH}`, integration.id),
    serverSnippet: buildServerSnippet(publicIngestUrl),
    requireServerConfirmation: integration.requireServerConfirmation,
    confirmationWindowHours: integration.confirmationWindowHours,
    createdAt: integration.createdAt.toISOString(),
    connectedAt: integration.connectedAt?.toISOString() ?? null,
    disconnectedAt: integration.disconnectedAt?.toISOString() ?? null,
    lastPixelActivityAt: integration.lastSignalAt?.toISOString() ?? null,
    ...(detail && { originsSeen: detail.signals.map(originSeenView), originsSeenCount: detail.originsTotal, refusals: detail.refusals }),
  };
}

export function originSeenView(signal: OriginSignal): z.infer<typeof originSeen> {
  return { origin: signal.origin, lastSeenAt: signal.lastSeenAt.toISOString(), lastUrl: signal.lastUrl, pings: signal.pingCount };
}
