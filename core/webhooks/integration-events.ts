import type { Integration } from '../repositories/integrations';
import type { WebhookEventInput } from './record-webhook-event';

/** `integration.connected` / `integration.disconnected`: each happens once per integration, so the id is the dedupe key. */
export function integrationEvent(type: 'integration.connected' | 'integration.disconnected', integration: Integration): WebhookEventInput {
  return {
    workspaceId: integration.workspaceId,
    type,
    dedupeKey: `${type}:${integration.id}`,
    data: {
      id: integration.id,
      type: integration.type,
      status: integration.status,
      websiteUrl: integration.websiteUrl,
      origin: integration.origin,
      connectedAt: integration.connectedAt?.toISOString() ?? null,
      disconnectedAt: integration.disconnectedAt?.toISOString() ?? null,
    },
  };
}
