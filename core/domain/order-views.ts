import { z } from 'zod';
import { orderStatuses, refundReasons } from './rules';

/**
 * An order as clients see it: the admin API's orders list and GET /api/v1/orders/:id, and the
 * `data` of order webhook events (the detail less its reports). Amounts in major units.
 */

const dateTime = z.iso.datetime();

export const orderAnswer = z.object({
  id: z.string().describe('ord_…: the order in this API'),
  orderId: z.string().describe("the store's order id"),
  integrationId: z.string(),
  status: z.enum(orderStatuses),
  reason: z.string().optional().describe('why skipped, or awaiting_confirmation while pending'),
  creatorId: z.string().optional(),
  attributedBy: z.enum(['coupon', 'link']).optional(),
  linkId: z.string().optional(),
  couponCode: z.string().optional(),
  value: z.number().describe('major units of currency'),
  currency: z.string(),
  refundedValue: z.number().describe('refunds applied, major units'),
  netValue: z.number().describe('value less refundedValue'),
  confirmed: z.boolean().describe("the store's server reported it: its value and currency are the server's"),
  reportedAt: dateTime,
  processedAt: dateTime,
});
export type OrderAnswer = z.infer<typeof orderAnswer>;

export const orderReportAnswer = z.object({
  reportId: z.string(),
  source: z.enum(['pixel', 'server']),
  receivedAt: dateTime,
  value: z.number(),
  currency: z.string(),
  outcome: z.enum(['credited', 'skipped', 'duplicate', 'pending']).nullable().describe('null until its workflow processed it'),
  reason: z.string().nullable(),
});

export const orderRefundAnswer = z.object({
  refundId: z.string(),
  source: z.enum(['server', 'admin']),
  value: z.number(),
  currency: z.string(),
  receivedAt: dateTime,
  applied: z.boolean().nullable().describe('null until the order’s workflow processed it'),
  appliedValue: z.number().describe('how much of it was applied (the rest would exceed the order’s value)'),
  reason: z.enum(refundReasons).nullable(),
});

export const orderFlagAnswer = z.object({
  kind: z.string(),
  integrationId: z.string(),
  orderId: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: dateTime,
});

/** The order as webhooks carry it: GET /api/v1/orders/:id less its reports. */
export const orderEventAnswer = orderAnswer.extend({
  refunds: z.array(orderRefundAnswer),
  flags: z.array(orderFlagAnswer).describe("reconciliation's flags of this (integration, order id)"),
  workflowId: z.string().describe('order/<integrationId>/<orderId> in Temporal'),
});
export type OrderEventAnswer = z.infer<typeof orderEventAnswer>;

export const orderDetailAnswer = orderEventAnswer.extend({ reports: z.array(orderReportAnswer).describe('every report of the order, oldest first') });
export type OrderDetailAnswer = z.infer<typeof orderDetailAnswer>;
