import type { Integration, OriginSignal } from '../core/repositories/integrations';
import { buildSnippet } from './snippet';

export function integrationView(integration: Integration, pixelUrl: string, signals?: OriginSignal[]) {
  return {
    id: integration.id,
    type: integration.type,
    status: integration.status,
    websiteUrl: integration.websiteUrl,
    origin: integration.origin,
    snippet: buildSnippet(pixelUrl, integration.id),
    createdAt: integration.createdAt.toISOString(),
    connectedAt: integration.connectedAt?.toISOString() ?? null,
    disconnectedAt: integration.disconnectedAt?.toISOString() ?? null,
    lastPixelActivityAt: integration.lastSignalAt?.toISOString() ?? null,
    ...(signals && { originsSeen: signals.map(originSeenView) }),
  };
}

export function originSeenView(signal: OriginSignal) {
  return { origin: signal.origin, lastSeenAt: signal.lastSeenAt.toISOString(), lastUrl: signal.lastUrl, pings: signal.pingCount };
}
