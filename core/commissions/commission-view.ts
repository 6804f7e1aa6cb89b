import type { CommissionRule } from './commission-rule';
import { majorUnits, type CommissionKind, type CommissionReason, type CommissionStatus } from './compute-commission';

/** A commission's row, as selected by COMMISSION_COLUMNS. */
export type CommissionRow = {
  id: string;
  order_row_id: string;
  creator_id: string;
  kind: CommissionKind;
  status: CommissionStatus;
  currency: string;
  amount_minor: string | number;
  rule: CommissionRule;
  reason: CommissionReason | null;
  hold_until: Date | null;
  approved_at: Date | null;
  adjusts_commission_id: string | null;
  payout_id: string | null;
  moved_at: Date | null;
  created_at: Date;
};

export const COMMISSION_COLUMNS = [
  'id',
  'order_row_id',
  'creator_id',
  'kind',
  'status',
  'currency',
  'amount_minor',
  'rule',
  'reason',
  'hold_until',
  'approved_at',
  'adjusts_commission_id',
  'payout_id',
  'moved_at',
  'created_at',
] as const;

type TimestampColumn = { [K in keyof CommissionRow]: Date extends CommissionRow[K] ? K : never }[keyof CommissionRow];
/** Every timestamp column of CommissionRow: a Record, so a timestamp column added to the row and not listed here does not compile. */
const TIMESTAMP_COLUMNS: Record<TimestampColumn, true> = { hold_until: true, approved_at: true, moved_at: true, created_at: true };
/** The columns a reader that gets them as text (a json_agg) must turn back into Dates. */
export const COMMISSION_TIMESTAMP_COLUMNS = Object.keys(TIMESTAMP_COLUMNS) as TimestampColumn[];

/** A commission as the API (and its webhook events) shows it; amounts in major units. */
export type CommissionView = {
  id: string;
  orderId: string;
  creatorId: string;
  kind: CommissionKind;
  status: CommissionStatus;
  currency: string;
  amount: number;
  rule: CommissionRule;
  reason: CommissionReason | null;
  holdUntil: string | null;
  approvedAt: string | null;
  adjustsCommissionId: string | null;
  payoutId: string | null;
  /** When the store's server moved the order to another creator and this sale stayed behind (clawed back); null otherwise. */
  movedAt: string | null;
  createdAt: string;
};

export function commissionView(row: CommissionRow): CommissionView {
  const currency = row.currency.trim();
  return {
    id: row.id,
    orderId: row.order_row_id,
    creatorId: row.creator_id,
    kind: row.kind,
    status: row.status,
    currency,
    amount: majorUnits(Number(row.amount_minor), currency),
    rule: row.rule,
    reason: row.reason,
    holdUntil: row.hold_until?.toISOString() ?? null,
    approvedAt: row.approved_at?.toISOString() ?? null,
    adjustsCommissionId: row.adjusts_commission_id,
    payoutId: row.payout_id,
    movedAt: row.moved_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
