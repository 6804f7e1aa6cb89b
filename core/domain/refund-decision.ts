import type { RefundReason } from './rules';

export type RefundDecision = { appliedMinor: number; applied: boolean; reason: RefundReason | null };

/**
 * How much of a refund applies to its order: the refunds of an order add up to at most its value
 * (the excess is not applied), and a refund in another currency is not applied. Minor units.
 */
export function decideRefund(
  order: { valueMinor: number; refundedMinor: number; currency: string },
  refund: { valueMinor: number; currency: string },
): RefundDecision {
  if (refund.currency !== order.currency) return { appliedMinor: 0, applied: false, reason: 'currency_mismatch' };
  const room = Math.max(0, order.valueMinor - order.refundedMinor);
  const appliedMinor = Math.min(room, refund.valueMinor);
  return { appliedMinor, applied: appliedMinor > 0, reason: appliedMinor < refund.valueMinor ? 'exceeds_order_value' : null };
}

/**
 * An order's refunds decided one after another, in arrival order, from `refundedMinor` already
 * applied: each one fits in what the ones before it left. Deciding all of an order's refunds again
 * from 0 against a new value or currency is how a server report that changes them keeps
 * `refundedMinor ≤ valueMinor`, in the order's currency.
 */
export function decideRefundsInOrder(
  order: { valueMinor: number; refundedMinor: number; currency: string },
  refunds: readonly { valueMinor: number; currency: string }[],
): { decisions: RefundDecision[]; refundedMinor: number } {
  let refundedMinor = order.refundedMinor;
  const decisions = refunds.map((refund) => {
    const decision = decideRefund({ ...order, refundedMinor }, refund);
    refundedMinor += decision.appliedMinor;
    return decision;
  });
  return { decisions, refundedMinor };
}
