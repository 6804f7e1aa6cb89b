import { z } from 'zod';
import { webhookEventTypes } from '../../core/webhooks/event-types';
import { dateTime } from './common';

/** Webhook endpoints, their deliveries, and the answers that show a signing secret once. */

const eventType = z.enum(webhookEventTypes);
const webhookUrl = z
  .string()
  .max(2048)
  .describe('http(s); with WEBHOOK_ALLOW_PRIVATE_URLS=false only https to public addresses')
  .meta({ examples: ['https://hooks.example.com/influtrace'] });
const webhookEvents = z
  .array(eventType)
  .min(1)
  .max(webhookEventTypes.length)
  .refine((events) => new Set(events).size === events.length, 'must not repeat an event type')
  .meta({ examples: [['order.credited', 'order.refunded']] });
const endpointStatus = z.enum(['enabled', 'disabled']);
const signingSecret = z.string().describe('whsec_ + base64 of 32 bytes; shown only in this answer');

export const createWebhookBody = z.object({ url: webhookUrl, events: webhookEvents });
export const patchWebhookBody = z
  .object({ url: webhookUrl.optional(), events: webhookEvents.optional(), status: endpointStatus.optional() })
  .refine((b) => b.url !== undefined || b.events !== undefined || b.status !== undefined, 'give url, events or status');

export const webhookEndpointAnswer = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(eventType),
  status: endpointStatus,
  disabledReason: z.enum(['gone', 'failing', 'manual']).nullable().describe('gone: answered 410; failing: 3 days of failures; manual: an Admin'),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export const createdWebhookAnswer = webhookEndpointAnswer.extend({ secret: signingSecret });
export const deletedWebhookAnswer = z.object({ id: z.string(), deleted: z.literal(true) });
export const webhookTestAnswer = z.object({ eventId: z.string() });
export const rotatedSecretAnswer = z.object({
  id: z.string(),
  secret: signingSecret,
  previousSecretExpiresAt: dateTime.describe('until then the old secret signs beside the new one'),
});

export const webhookDeliveryAnswer = z.object({
  id: z.string(),
  eventId: z.string(),
  type: eventType,
  attempt: z.number().int().min(1),
  status: z.enum(['pending', 'succeeded', 'failed']),
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  error: z.enum(['timeout', 'connection_failed', 'url_refused']).nullable(),
  createdAt: dateTime,
});
