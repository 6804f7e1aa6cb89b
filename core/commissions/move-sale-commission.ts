import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { recordCommissionEvents, type CommissionEventType } from './commission-events';
import type { CommissionRule } from './commission-rule';
import { decideCommissionMove, type OrderMoneyFacts } from './compute-commission';
import { insertClawback, lockLiveSale } from './live-sale';
import { recordSaleCommission } from './record-sale-commission';

/** The creator's effective rule: its own, else its workspace's. */
async function readEffectiveRule(trx: Knex.Transaction, creatorId: string): Promise<CommissionRule | null> {
  const row: { rule: CommissionRule | null } | undefined = await trx('creators as c')
    .join('workspaces as w', 'w.id', 'c.workspace_id')
    .where('c.id', creatorId)
    .first(trx.raw('coalesce(c.commission, w.commission) as rule'));
  return row?.rule ?? null;
}

/**
 * The store's server moved an order (already written, row locked) to another creator: its
 * commissions follow, in the same transaction (see decideCommissionMove). A pending sale moves to
 * the new creator; an approved or paid one stays with the old creator, marked moved, with a
 * clawback of what it still pays, and the new creator gets a new sale. Returns the webhook event
 * ids to dispatch after the commit.
 */
export async function moveSaleCommission(
  trx: Knex.Transaction,
  input: { orderRowId: string; after: OrderMoneyFacts & { creatorId: string }; daySeconds?: number },
): Promise<string[]> {
  const live = await lockLiveSale(trx, input.orderRowId);
  if (!live) return recordSaleCommission(trx, { orderRowId: input.orderRowId, daySeconds: input.daySeconds });
  const move = decideCommissionMove(live.sale, input.after, await readEffectiveRule(trx, input.after.creatorId));
  if (move.type === 'move') {
    await trx('commissions')
      .where({ id: live.id })
      .update({
        creator_id: input.after.creatorId,
        status: move.status,
        rule: JSON.stringify(move.rule),
        amount_minor: move.amountMinor,
        base_minor: move.baseMinor,
        currency: move.currency,
        reason: move.reason,
        updated_at: trx.fn.now(),
      });
    return [];
  }
  const events: { commissionId: string; type: CommissionEventType }[] = [];
  await trx('commissions')
    .where({ id: live.id })
    .update({ status: move.status, amount_minor: move.amountMinor, moved_at: trx.fn.now(), updated_at: trx.fn.now() });
  if (move.status === 'reversed' && live.sale.status !== 'reversed') events.push({ commissionId: live.id, type: 'commission.reversed' });
  if (move.clawback) {
    const id = newId('com');
    await insertClawback(trx, live, input.orderRowId, { id, ...move.clawback });
    events.push({ commissionId: id, type: 'commission.created' }, { commissionId: id, type: 'commission.approved' });
  }
  const eventIds = await recordCommissionEvents(trx, live.workspaceId, events);
  return [...eventIds, ...(await recordSaleCommission(trx, { orderRowId: input.orderRowId, daySeconds: input.daySeconds }))];
}
