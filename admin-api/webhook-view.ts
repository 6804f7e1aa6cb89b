import type { z } from 'zod';
import type { WebhookDelivery } from '../core/webhooks/deliveries';
import type { WebhookEndpoint } from '../core/webhooks/endpoints';
import type { webhookDeliveryAnswer, webhookEndpointAnswer } from './schemas/webhooks';

/** An endpoint as the admin API shows it; the signing secret appears only in the answers that create it. */
export function webhookEndpointView(e: WebhookEndpoint): z.infer<typeof webhookEndpointAnswer> {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    status: e.status,
    disabledReason: e.disabledReason,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function webhookDeliveryView(d: WebhookDelivery): z.infer<typeof webhookDeliveryAnswer> {
  return {
    id: d.id,
    eventId: d.eventId,
    type: d.type,
    attempt: d.attempt,
    status: d.status,
    responseStatus: d.responseStatus,
    durationMs: d.durationMs,
    error: d.error,
    createdAt: d.createdAt.toISOString(),
  };
}
