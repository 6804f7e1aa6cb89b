import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { recordCommissionEvents, type CommissionEventType } from './commission-events';
import { decideCommissionChange, type OrderMoneyFacts } from './compute-commission';
import { insertClawback, lockLiveSale } from './live-sale';

/** The order as it stands, read in the caller's transaction (its row is already locked there). */
export async function readOrderFacts(trx: Knex.Transaction, orderRowId: string): Promise<OrderMoneyFacts | null> {
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
  const live = await lockLiveSale(trx, input.orderRowId);
  if (!live) return [];
  const order = input.after ?? (await readOrderFacts(trx, input.orderRowId));
  if (!order) return [];
  const change = decideCommissionChange(live.sale, order);
  const events: { commissionId: string; type: CommissionEventType }[] = [];
  if (change.type === 'recompute') {
    await trx('commissions').where({ id: live.id }).update({
      status: change.status,
      amount_minor: change.amountMinor,
      base_minor: change.baseMinor,
      currency: change.currency,
      reason: change.reason,
      updated_at: trx.fn.now(),
    });
    if (change.status === 'reversed') events.push({ commissionId: live.id, type: 'commission.reversed' });
  } else if (change.type === 'clawback') {
    const id = newId('com');
    await insertClawback(trx, live, input.orderRowId, { id, amountMinor: change.amountMinor, baseMinor: change.baseMinor });
    events.push({ commissionId: id, type: 'commission.created' }, { commissionId: id, type: 'commission.approved' });
  }
  return recordCommissionEvents(trx, live.workspaceId, events);
}
