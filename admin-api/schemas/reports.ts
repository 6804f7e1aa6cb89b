import { z } from 'zod';
import { dateRangeQuery } from '../date-range';
import { dateTime, nullableDateTime, perCurrency } from './common';

/** Creator reports: totals per creator, and one creator's revenue per day. */

export const reportQuery = dateRangeQuery.extend({ format: z.enum(['json', 'csv']).optional() });

export const creatorReportRow = z.object({
  creatorId: z.string(),
  name: z.string(),
  clicks: z.number().int(),
  uniqueClicks: z.number().int().describe("each visitor's first click on a link in a UTC day"),
  orders: z.number().int(),
  revenue: perCurrency.describe('gross: credited orders, per ISO 4217 currency'),
  refunded: perCurrency.describe('refunds applied to those orders, per currency'),
  netRevenue: perCurrency.describe('revenue less refunded, per currency'),
  conversionRate: z.number().nullable().describe('orders / clicks; null without clicks'),
});

export const creatorReportAnswer = z.object({ from: nullableDateTime, to: nullableDateTime, data: z.array(creatorReportRow) });

export const revenueDay = z.object({
  day: z.iso.date().describe('UTC day of processing'),
  currency: z.string(),
  orders: z.number().int(),
  revenueMinor: z.number().int().describe('integer minor units of the currency'),
  revenue: z.number(),
});

export const creatorRevenueAnswer = z.object({ creatorId: z.string(), name: z.string(), from: dateTime, to: dateTime, data: z.array(revenueDay) });
