import type { ReportSource } from '../queues';
import { AWAITING_CONFIRMATION, type OrderOutcome, type OrderStatus, type SkipReason } from './rules';

/** Who an order is (or would be) credited to, and by what. */
export type Credit = { creatorId: string; attributedBy: 'coupon' | 'link'; linkId?: string; clickId?: string; couponId?: string };

/** What attribution made of one report: a credit, or why not. */
export type OrderDecision = ({ status: 'credited' } & Credit) | { status: 'skipped'; reason: SkipReason };

/** The order's row as it stands before this report; `credit` is kept on a pending order too (the pixel's attribution). */
export type RecordedOrder = { status: OrderStatus; reason: string | null; confirmed: boolean; credit: Credit | null };

export type ReportFacts = {
  source: ReportSource;
  decision: OrderDecision;
  /** The integration requires the store's server to confirm a pixel order before it is credited. */
  requireServerConfirmation: boolean;
};

/** The order row to write: its status, reason and credit (null: none). */
export type OrderWrite = { status: OrderStatus; reason: string | null; credit: Credit | null };

export type OrderChange = {
  outcome: OrderOutcome;
  /** null: the row's status, reason and credit stay as they are. */
  write: OrderWrite | null;
  /** A server report: its value and currency become the order's, and the order is confirmed. */
  confirm: boolean;
  /** The order waits for the store's server until its confirmation deadline. */
  awaitConfirmation: boolean;
  /** Present when a server report's own attribution moves a credited order away from the credit a pixel report gave it. */
  overrides?: Credit;
};

const credited = (credit: Credit): OrderWrite => ({ status: 'credited', reason: null, credit });
const skipped = (reason: SkipReason): OrderWrite => ({ status: 'skipped', reason, credit: null });
const awaiting = (credit: Credit): OrderWrite => ({ status: 'pending', reason: AWAITING_CONFIRMATION, credit });

function creditOf(decision: OrderDecision): Credit | null {
  if (decision.status !== 'credited') return null;
  const credit: Credit = { creatorId: decision.creatorId, attributedBy: decision.attributedBy };
  if (decision.linkId) credit.linkId = decision.linkId;
  if (decision.clickId) credit.clickId = decision.clickId;
  if (decision.couponId) credit.couponId = decision.couponId;
  return credit;
}

/**
 * A server report's own attribution wins over a pixel report's (a forged beacon can claim an order id
 * first): it moves a credited order whose credit no server report confirmed yet to another creator.
 */
function overridesPixelCredit(existing: RecordedOrder, credit: Credit | null): credit is Credit {
  return credit !== null && !existing.confirmed && existing.credit !== null && existing.credit.creatorId !== credit.creatorId;
}

/**
 * What one report does to its order, given the order as recorded (null: the first report). The
 * rules of the product: one (integration, order id) is credited at most once and its creator only
 * changes when the store's server credits another creator than a pixel report did (a pixel report
 * never moves an order a server report confirmed); a skipped order may still be credited by a later valid report; a server report is the
 * truth about value and currency; with confirmation required, a pixel report alone only makes the
 * order pending, and the server's report credits it with its own attribution first, else the pixel's.
 */
export function decideOrderChange(existing: RecordedOrder | null, facts: ReportFacts): OrderChange {
  const credit = creditOf(facts.decision);
  const reason = facts.decision.status === 'skipped' ? facts.decision.reason : null;
  const change = (outcome: OrderOutcome, write: OrderWrite | null, awaitConfirmation = false): OrderChange => ({
    outcome,
    write,
    confirm: facts.source === 'server',
    awaitConfirmation,
  });
  const duplicate = change('duplicate', null, existing?.status === 'pending');

  if (facts.source === 'server') {
    if (existing?.status === 'credited') {
      return overridesPixelCredit(existing, credit) ? { ...change('credited', credited(credit)), overrides: existing.credit! } : duplicate;
    }
    // The server's own attribution first; when it has none, the pixel's, kept on the row while the
    // order waited (pending, or after its window ran out). A gate that refuses (not connected,
    // disconnected) never falls back.
    const waited = existing?.status === 'pending' || existing?.reason === 'not_confirmed';
    const chosen = credit ?? (reason === 'unattributable' && waited ? existing.credit : null);
    if (chosen) return change('credited', credited(chosen));
    return existing ? change('duplicate', null) : change('skipped', skipped(reason as SkipReason));
  }

  if (existing?.status === 'credited' || existing?.status === 'pending') return duplicate;
  if (!credit) return existing ? duplicate : change('skipped', skipped(reason as SkipReason));
  if (facts.requireServerConfirmation && !existing?.confirmed) return change('pending', awaiting(credit), true);
  return change('credited', credited(credit));
}
