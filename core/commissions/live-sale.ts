import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import type { CommissionRule } from './commission-rule';
import type { CommissionReason, CommissionStatus, SaleCommission } from './compute-commission';

/** An order's live sale commission (not left behind by a move), with what its clawbacks took back. */
export type LiveSale = { id: string; workspaceId: WorkspaceId; creatorId: string; sale: SaleCommission };

type SaleRow = {
  id: string;
  workspace_id: WorkspaceId;
  creator_id: string;
  status: CommissionStatus;
  rule: CommissionRule;
  amount_minor: string;
  base_minor: string;
  currency: string;
  reason: CommissionReason | null;
  clawed_back_minor: string;
  clawed_back_amount_minor: string;
};

/**
 * Locks and reads the order's live sale commission in the caller's transaction, so a refund or a
 * move racing the approval Schedule sees it either before or after approval, never half of it.
 */
export async function lockLiveSale(trx: Knex.Transaction, orderRowId: string): Promise<LiveSale | null> {
  const row: SaleRow | undefined = await trx('commissions as s')
    .where({ 's.order_row_id': orderRowId, 's.kind': 'sale' })
    .whereNull('s.moved_at')
    .forUpdate()
    .first(
      's.id',
      's.workspace_id',
      's.creator_id',
      's.status',
      's.rule',
      's.amount_minor',
      's.base_minor',
      's.currency',
      's.reason',
      trx.raw(`(select coalesce(sum(c.base_minor), 0) from commissions c where c.adjusts_commission_id = s.id) as clawed_back_minor`),
      trx.raw(`(select coalesce(sum(c.amount_minor), 0) from commissions c where c.adjusts_commission_id = s.id) as clawed_back_amount_minor`),
    );
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    creatorId: row.creator_id,
    sale: {
      status: row.status,
      rule: row.rule,
      amountMinor: Number(row.amount_minor),
      baseMinor: Number(row.base_minor),
      currency: row.currency.trim(),
      reason: row.reason,
      clawedBackMinor: Number(row.clawed_back_minor),
      clawedBackAmountMinor: Number(row.clawed_back_amount_minor),
    },
  };
}

/** A negative commission for what an approved or paid sale no longer earns: approved at once, for the sale's creator. */
export async function insertClawback(
  trx: Knex.Transaction,
  live: LiveSale,
  orderRowId: string,
  clawback: { id: string; amountMinor: number; baseMinor: number },
): Promise<void> {
  await trx('commissions').insert({
    id: clawback.id,
    workspace_id: live.workspaceId,
    order_row_id: orderRowId,
    creator_id: live.creatorId,
    kind: 'clawback',
    status: 'approved',
    currency: live.sale.currency,
    amount_minor: clawback.amountMinor,
    base_minor: clawback.baseMinor,
    rule: JSON.stringify(live.sale.rule),
    reason: null,
    hold_until: null,
    approved_at: trx.fn.now(),
    adjusts_commission_id: live.id,
  });
}
