import { z } from 'zod';
import { orderFlagKinds } from '../../core/repositories/order-flags';
import { dateTime, pageQuery } from './common';

/** Reconciliation's flags: orders that need a human look. */

export const flagFilterQuery = z.object({
  kind: z.enum(orderFlagKinds).optional(),
  integrationId: z.string().max(64).optional(),
  ...pageQuery.shape,
});

export const flagAnswer = z.object({
  id: z.string(),
  kind: z.enum(orderFlagKinds),
  integrationId: z.string(),
  orderId: z.string().describe("the store's order id"),
  details: z.record(z.string(), z.unknown()),
  createdAt: dateTime,
  order: z
    .object({ id: z.string(), status: z.string(), value: z.number(), currency: z.string() })
    .nullable()
    .describe('the order the flag is about, null when none is recorded'),
});
