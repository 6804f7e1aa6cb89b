import { minorUnitDigits } from '../domain/money';
import { flatAmountMinor, type CommissionRule } from './commission-rule';

export const commissionStatuses = ['pending', 'approved', 'paid', 'reversed'] as const;
export type CommissionStatus = (typeof commissionStatuses)[number];
export const commissionKinds = ['sale', 'clawback'] as const;
export type CommissionKind = (typeof commissionKinds)[number];
export const commissionReasons = ['no_amount_for_currency'] as const;
export type CommissionReason = (typeof commissionReasons)[number];

/** What an order's commission is computed from: plain facts (the order-change hook contract). */
export type OrderMoneyFacts = { status: string; creatorId: string | null; valueMinor: number; refundedMinor: number; currency: string };

/** A percent as hundredths of a percent (12.5 → 1250): exact, since rules have at most two decimals. */
function percentHundredths(percent: number): bigint {
  return BigInt(Math.round(percent * 100));
}

/** `percent` of `baseMinor`, rounded half up (away from zero) to the minor unit, with integer arithmetic only. */
export function percentOfMinor(baseMinor: number, percent: number): number {
  const negative = baseMinor < 0;
  const scaled = BigInt(Math.abs(baseMinor)) * percentHundredths(percent);
  const rounded = (scaled + 5000n) / 10000n;
  return Number(negative ? -rounded : rounded);
}

export type SaleAmount = { amountMinor: number; reason: CommissionReason | null };

/** The sale commission of an order's net value under a rule. */
export function computeSaleAmount(rule: CommissionRule, netMinor: number, currency: string): SaleAmount {
  if (rule.type === 'percent') return { amountMinor: percentOfMinor(netMinor, rule.percent), reason: null };
  const flat = flatAmountMinor(rule, currency);
  return flat === null ? { amountMinor: 0, reason: 'no_amount_for_currency' } : { amountMinor: flat, reason: null };
}

/** An order's sale commission as recorded, and how much of its base later clawbacks already took back. */
export type SaleCommission = {
  status: CommissionStatus;
  rule: CommissionRule;
  amountMinor: number;
  /** The net value (minor units) the amount was computed on. */
  baseMinor: number;
  currency: string;
  reason: CommissionReason | null;
  /** Sum of the refunded amounts its clawbacks were computed on (≥ 0). */
  clawedBackMinor: number;
  /** Sum of its clawbacks' amounts (≤ 0). */
  clawedBackAmountMinor: number;
};

export type CommissionChange =
  | { type: 'none' }
  /** A pending commission recomputed on the order's new value (reversed when nothing is left of it). */
  | { type: 'recompute'; status: 'pending' | 'reversed'; amountMinor: number; baseMinor: number; currency: string; reason: CommissionReason | null }
  /** A commission already approved or paid: a negative commission, approved at once, for the refunded part. */
  | { type: 'clawback'; amountMinor: number; baseMinor: number };

/**
 * What a change of the order (a refund applied, a server report's new value or currency) does to
 * its sale commission. Pending: recomputed (percent on the new net value; flat unchanged until the
 * order is wholly refunded, then 0 and reversed). Approved or paid: a clawback of the refunded
 * part not yet clawed back (percent of it; flat: minus the flat amount when wholly refunded).
 * A reversed one (never approved) is pending again, recomputed, when the order has a net value again
 * (a server report raised the value, and the refunds were decided again). The rule is the commission's snapshot, never the creator's current one.
 * After approval only what is refunded counts: a refund un-applied later (the order's value or
 * currency changed and the refunds were decided again) restores nothing (no positive adjustment;
 * the creator was paid or will be paid net of the clawback), and a refund applied again is not
 * clawed back twice (clawbacks cover base − clawed back). A currency change after approval changes
 * nothing.
 */
export function decideCommissionChange(sale: SaleCommission, order: OrderMoneyFacts): CommissionChange {
  const netMinor = Math.max(0, order.valueMinor - order.refundedMinor);
  if (sale.status === 'pending' || sale.status === 'reversed') {
    const whollyRefunded = netMinor === 0;
    const computed = whollyRefunded ? { amountMinor: 0, reason: sale.reason } : computeSaleAmount(sale.rule, netMinor, order.currency);
    const next = {
      status: whollyRefunded ? ('reversed' as const) : ('pending' as const),
      amountMinor: computed.amountMinor,
      baseMinor: netMinor,
      currency: order.currency,
      reason: computed.reason,
    };
    const same = next.status === sale.status && next.amountMinor === sale.amountMinor && next.baseMinor === sale.baseMinor && next.currency === sale.currency;
    return same ? { type: 'none' } : { type: 'recompute', ...next };
  }
  if (order.currency !== sale.currency) return { type: 'none' };
  const coveredMinor = sale.baseMinor - sale.clawedBackMinor;
  if (netMinor >= coveredMinor) return { type: 'none' };
  const refundedMinor = coveredMinor - netMinor;
  if (sale.rule.type === 'percent') {
    const amountMinor = -percentOfMinor(refundedMinor, sale.rule.percent);
    return { type: 'clawback', amountMinor, baseMinor: refundedMinor };
  }
  if (netMinor > 0) return { type: 'none' };
  return { type: 'clawback', amountMinor: -(sale.amountMinor + sale.clawedBackAmountMinor), baseMinor: refundedMinor };
}

/**
 * What happens to an order's live sale commission when the store's server moves the order to
 * another creator (DESIGN, "Money and input, exactly").
 * - `move`: a pending sale goes to the new creator, recomputed under the new creator's effective
 *   rule on the order's net value (the old creator's rule was never the new creator's deal); its
 *   hold is kept. A reversed sale just changes hands (nothing is owed either way).
 * - `retire`: the sale stays with the old creator, marked moved; a pending one whose new creator
 *   has no rule is reversed (0), an approved or paid one gets a clawback of all it still pays; the
 *   new creator's sale is then written as for any credited order.
 */
export type CommissionMove =
  | {
      type: 'move';
      status: 'pending' | 'reversed';
      rule: CommissionRule;
      amountMinor: number;
      baseMinor: number;
      currency: string;
      reason: CommissionReason | null;
    }
  | { type: 'retire'; status: CommissionStatus; amountMinor: number; clawback: { amountMinor: number; baseMinor: number } | null };

export function decideCommissionMove(sale: SaleCommission, order: OrderMoneyFacts, newRule: CommissionRule | null): CommissionMove {
  if (sale.status === 'reversed') {
    const { rule, amountMinor, baseMinor, currency, reason } = sale;
    return { type: 'move', status: 'reversed', rule, amountMinor, baseMinor, currency, reason };
  }
  if (sale.status === 'pending') {
    if (newRule === null) return { type: 'retire', status: 'reversed', amountMinor: 0, clawback: null };
    const netMinor = Math.max(0, order.valueMinor - order.refundedMinor);
    const computed = netMinor === 0 ? { amountMinor: 0, reason: null } : computeSaleAmount(newRule, netMinor, order.currency);
    return { type: 'move', status: netMinor === 0 ? 'reversed' : 'pending', rule: newRule, baseMinor: netMinor, currency: order.currency, ...computed };
  }
  const stillPaysMinor = sale.amountMinor + sale.clawedBackAmountMinor;
  const clawback = stillPaysMinor > 0 ? { amountMinor: -stillPaysMinor, baseMinor: Math.max(0, sale.baseMinor - sale.clawedBackMinor) } : null;
  return { type: 'retire', status: sale.status, amountMinor: sale.amountMinor, clawback };
}

/** Major units of a minor amount for the API (12345 USD → 123.45). */
export function majorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** minorUnitDigits(currency);
}
