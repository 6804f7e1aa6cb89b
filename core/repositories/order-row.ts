import { fromMinorUnits } from '../domain/money';
import type { OrderAnswer } from '../domain/order-views';

/** The columns of an orders row that clients see. */
export type OrderRow = {
  id: string;
  order_id: string;
  integration_id: string;
  status: OrderAnswer['status'];
  reason: string | null;
  creator_id: string | null;
  attributed_by: 'coupon' | 'link' | null;
  link_id: string | null;
  coupon_code: string | null;
  value_minor: string | number;
  refunded_minor: string | number;
  currency: string;
  confirmed: boolean;
  reported_at: Date;
  processed_at: Date;
};

/** One order as the orders list, the order detail and webhooks show it; absent facts are left out, not null. */
export function orderAnswerOf(row: OrderRow): OrderAnswer {
  const currency = row.currency.trim();
  const valueMinor = Number(row.value_minor);
  const refundedMinor = Number(row.refunded_minor);
  const answer: OrderAnswer = {
    id: row.id,
    orderId: row.order_id,
    integrationId: row.integration_id,
    status: row.status,
    value: fromMinorUnits(valueMinor, currency),
    currency,
    refundedValue: fromMinorUnits(refundedMinor, currency),
    netValue: fromMinorUnits(valueMinor - refundedMinor, currency),
    confirmed: row.confirmed,
    reportedAt: row.reported_at.toISOString(),
    processedAt: row.processed_at.toISOString(),
  };
  if (row.reason) answer.reason = row.reason;
  if (row.creator_id) answer.creatorId = row.creator_id;
  if (row.attributed_by) answer.attributedBy = row.attributed_by;
  if (row.link_id) answer.linkId = row.link_id;
  if (row.coupon_code) answer.couponCode = row.coupon_code;
  return answer;
}
