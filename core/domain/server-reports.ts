import { z } from 'zod';
import { absentIfNull, attributionSchema, currencySchema, orderFieldsSchema, storableText } from './beacon';
import { isCurrencyCode, toMinorUnits } from './money';

/** A store's clock may run a little ahead of ours; an order placed further in the future is a mistake. */
export const MAX_OCCURRED_AT_AHEAD_MS = 5 * 60 * 1000;

/**
 * What the store's server sends to POST /api/v1/integrations/custom/orders: the pixel's order
 * fields and attribution rules (one schema), and when the order was placed. The integration is
 * the secret key's, never the body's.
 */
export const serverOrderSchema = orderFieldsSchema.safeExtend({
  attribution: absentIfNull(attributionSchema.omit({ ts: true })),
  occurredAt: absentIfNull(
    z.iso
      .datetime({ offset: true, message: 'occurredAt must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T10:00:00Z' })
      .refine((at) => Date.parse(at) <= Date.now() + MAX_OCCURRED_AT_AHEAD_MS, 'occurredAt must not be more than 5 minutes in the future')
      .transform((at) => new Date(at).toISOString()),
  ),
});

/** What the store's server sends to POST /api/v1/integrations/custom/refunds: part or all of an order's value, given back. */
export const serverRefundSchema = z
  .object({
    orderId: storableText(128).min(1, 'orderId must not be empty'),
    refundId: storableText(128).min(1, 'refundId must not be empty'),
    value: z.number().finite().positive(),
    currency: currencySchema,
  })
  .refine((refund) => !isCurrencyCode(refund.currency) || Number.isSafeInteger(toMinorUnits(refund.value, refund.currency)), {
    path: ['value'],
    message: 'value is too large to be stored in minor units of its currency',
  })
  .refine((refund) => !isCurrencyCode(refund.currency) || toMinorUnits(refund.value, refund.currency) >= 1, {
    path: ['value'],
    message: 'value must be at least one minor unit of its currency',
  });

export type ServerOrder = z.infer<typeof serverOrderSchema>;
export type ServerRefund = z.infer<typeof serverRefundSchema>;

/** What ingest answers the store's server: the request is queued (202); the workflow decides the rest. */
export const serverOrderAnswer = z.object({
  status: z.literal('queued'),
  reportId: z.string().describe('rpt_…: this report, as GET /api/v1/orders/:id lists it'),
});
export const serverRefundAnswer = z.object({ status: z.literal('queued'), refundId: z.string().describe('the refundId sent, trimmed') });
