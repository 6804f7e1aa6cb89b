/** Every event a webhook endpoint can subscribe to. */
export const webhookEventTypes = [
  'order.credited',
  'order.skipped',
  'order.refunded',
  'integration.connected',
  'integration.disconnected',
  'webhook.test',
  'commission.created',
  'commission.approved',
  'commission.reversed',
  'payout.created',
  'payout.paid',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The body every delivery carries (Standard Webhooks: the `webhook-id` header repeats `id`). */
export type WebhookEventBody = { id: string; type: WebhookEventType; createdAt: string; data: unknown };
