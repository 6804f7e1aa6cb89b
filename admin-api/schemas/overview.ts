import { z } from 'zod';
import { dateTime } from './common';

/** The landing page's report: totals, every UTC day, and the top creators of a range. */

export const moneyTotals = z.object({
  currency: z.string(),
  gross: z.number(),
  refunded: z.number().describe('refunds applied to those orders'),
  net: z.number().describe('gross less refunded'),
});

const perCurrencyTotals = z.array(moneyTotals).describe('per ISO 4217 currency, in major units');

export const overviewAnswer = z.object({
  from: dateTime,
  to: dateTime,
  clicks: z.number().int(),
  uniqueClicks: z.number().int().describe("each visitor's first click on a link in a UTC day"),
  creditedOrders: z.number().int(),
  revenue: perCurrencyTotals,
  days: z
    .array(
      z.object({ day: z.iso.date(), clicks: z.number().int(), uniqueClicks: z.number().int(), creditedOrders: z.number().int(), revenue: perCurrencyTotals }),
    )
    .describe('every UTC day of the range'),
  topCreators: z
    .array(z.object({ creatorId: z.string(), name: z.string(), creditedOrders: z.number().int(), revenue: perCurrencyTotals }))
    .describe('at most 5, by credited orders'),
});
