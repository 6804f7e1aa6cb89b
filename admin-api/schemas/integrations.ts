import { z } from 'zod';
import { DEFAULT_CONFIRMATION_WINDOW_HOURS, integrationStatuses, MAX_CONFIRMATION_WINDOW_HOURS } from '../../core/domain/rules';
import { dateTime, nullableDateTime } from './common';

export const createIntegrationBody = z.object({
  type: z.literal('custom'),
  websiteUrl: z
    .string()
    .max(2048)
    .meta({ examples: ['https://shop.example.com'] }),
});

/** Server confirmation: with it on, a pixel order waits (pending) for the store's server to report it too. */
export const patchIntegrationBody = z
  .object({
    requireServerConfirmation: z.boolean().optional(),
    confirmationWindowHours: z.number().int().min(1).max(MAX_CONFIRMATION_WINDOW_HOURS).optional(),
  })
  .refine((settings) => settings.requireServerConfirmation !== undefined || settings.confirmationWindowHours !== undefined, {
    message: 'give requireServerConfirmation, confirmationWindowHours or both',
  })
  .meta({ description: `At least one field. The window is ${DEFAULT_CONFIRMATION_WINDOW_HOURS} hours until changed.`, minProperties: 1 });

export const originSeen = z.object({ origin: z.string(), lastSeenAt: dateTime, lastUrl: z.string().nullable(), pings: z.number().int() });

export const integrationAnswer = z.object({
  id: z.string(),
  type: z.literal('custom'),
  status: z.enum(integrationStatuses),
  websiteUrl: z.string(),
  origin: z.string(),
  snippet: z.string(),
  serverSnippet: z.string().describe("the store's server calls (an order, a refund) as curl, with this deployment's ingest URL; isk_… stands for a secret key"),
  requireServerConfirmation: z.boolean(),
  confirmationWindowHours: z.number().int(),
  createdAt: dateTime,
  connectedAt: nullableDateTime,
  disconnectedAt: nullableDateTime,
  lastPixelActivityAt: nullableDateTime,
  originsSeen: z.array(originSeen).optional().describe('one integration only: the origins the pixel reported from, the 10 most recently seen'),
  originsSeenCount: z.number().int().optional().describe('one integration only: how many origins are kept (at most 50 besides the registered one)'),
  refusals: z
    .record(z.string(), z.number().int())
    .nullable()
    .optional()
    .describe('one integration only: beacons refused by reason; null when the counts could not be read'),
});
export type IntegrationAnswer = z.infer<typeof integrationAnswer>;

export const verifyAnswer = z.union([
  z.object({ id: z.string(), status: z.literal('connected') }),
  z.object({
    id: z.string(),
    status: z.literal('pending'),
    message: z.string(),
    registeredOrigin: z.string(),
    originsSeen: z.array(originSeen).describe('other origins the pixel reported from, the 10 most recently seen'),
    originsSeenCount: z.number().int().describe('how many other origins are kept (at most 50)'),
    polling: z.boolean(),
    pollingForMinutes: z.number(),
  }),
]);
export type VerifyAnswer = z.infer<typeof verifyAnswer>;

export const disconnectAnswer = z.object({ id: z.string(), status: z.literal('disconnected') });

export const troubleshootingAnswer = z.object({
  integrationId: z.string(),
  enabled: z.object({ links: z.number().int(), coupons: z.number().int() }),
  connected: z.object({
    status: z.enum(integrationStatuses),
    connectedAt: nullableDateTime,
    disconnectedAt: nullableDateTime,
    lastPixelActivityAt: nullableDateTime,
  }),
  origin: z.object({ registered: z.string(), otherOriginsSeen: z.array(originSeen), refusals: z.record(z.string(), z.number().int()).nullable() }),
  attributable: z.object({ credited: z.number().int(), skipped: z.number().int(), skippedByReason: z.record(z.string(), z.number().int()) }),
  checks: z.array(z.object({ question: z.string(), ok: z.boolean(), detail: z.string() })),
});
export type TroubleshootingAnswer = z.infer<typeof troubleshootingAnswer>;
