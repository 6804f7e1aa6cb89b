import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { recordCommissionEvents, type CommissionEventType } from './commission-events';
import type { CommissionRule } from './commission-rule';
import { decideCommissionChange, type CommissionReason, type CommissionStatus, type OrderMoneyFacts } from './compute-commission';

type SaleRow = {
  id: string;
  workspace_id: string;
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

/** The order as it stands, read in the caller's transaction (its row is already locked there). */
async function readOrderFacts(trx: Knex.Transaction, orderRowId: string): Promise<OrderMoneyFacts | null> {
  const row: { status: string; creator_id: string | null; value_minor: string; refunded_minor: string; currency: string } | undefined = await trx('orders')
    .where({ id: orderRowId })
    .first('status', 'creator_id', 'value_minor', 'refunded_minor', 'currency');
  if (!row) return null;
  return {
    status: row.status,
    creatorId: row.creator_id,
    valueMinor: Number(row.value_minor),
    refundedMinor: Number(row.refunded_minor),
    currency: row.currency.trim(),
  };
}

/**
 * What a change of an order's value, currency or refunds does to its sale commission (see
 * decideCommissionChange), in the caller's transaction: a pending one is recomputed (reversed when
 * the order is wholly refunded); an approved or paid one gets a clawback. The sale's row is locked,
 * so a refund racing the approval Schedule sees the commission either before or after approval,
 * never half of it. `after`: the order's facts if the caller has them, else they are read.
 * Returns the webhook event ids to dispatch after the commit.
 */
export async function applyOrderChangeToCommission(trx: Knex.Transaction, input: { orderRowId: string; after?: OrderMoneyFacts }): Promise<string[]> {
  const sale: SaleRow | undefined = await trx('commissions as s')
    .where({ 's.order_row_id': input.orderRowId, 's.kind': 'sale' })
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
  if (!sale) return [];
  const order = input.after ?? (await readOrderFacts(trx, input.orderRowId));
  if (!order) return [];
  const change = decideCommissionChange(
    {
      status: sale.status,
      rule: sale.rule,
      amountMinor: Number(sale.amount_minor),
      baseMinor: Number(sale.base_minor),
      currency: sale.currency.trim(),
      reason: sale.reason,
      clawedBackMinor: Number(sale.clawed_back_minor),
      clawedBackAmountMinor: Number(sale.clawed_back_amount_minor),
    },
    order,
  );
  const events: { commissionId: string; type: CommissionEventType }[] = [];
  if (change.type === 'recompute') {
    await trx('commissions').where({ id: sale.id }).update({
      status: change.status,
      amount_minor: change.amountMinor,
      base_minor: change.baseMinor,
      currency: change.currency,
      reason: change.reason,
      updated_at: trx.fn.now(),
    });
    if (change.status === 'reversed') events.push({ commissionId: sale.id, type: 'commission.reversed' });
  } else if (change.type === 'clawback') {
    const id = newId('com');
    await trx('commissions').insert({
      id,
      workspace_id: sale.workspace_id,
      order_row_id: input.orderRowId,
      creator_id: sale.creator_id,
      kind: 'clawback',
      status: 'approved',
      currency: sale.currency.trim(),
      amount_minor: change.amountMinor,
      base_minor: change.baseMinor,
      rule: JSON.stringify(sale.rule),
      reason: null,
      hold_until: null,
      approved_at: trx.fn.now(),
      adjusts_commission_id: sale.id,
    });
    events.push({ commissionId: id, type: 'commission.created' }, { commissionId: id, type: 'commission.approved' });
  }
  return recordCommissionEvents(trx, sale.workspace_id, events);
}
