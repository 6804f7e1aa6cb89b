import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import type { PayoutView } from './payout-view';

/**
 * One `payout.created` or `payout.paid` per payout, in the caller's transaction, in one statement
 * (a run may make a thousand payouts), only when an enabled endpoint of the workspace takes the type.
 */
export async function recordPayoutEvents(
  trx: Knex.Transaction,
  workspaceId: WorkspaceId,
  type: 'payout.created' | 'payout.paid',
  payouts: PayoutView[],
): Promise<string[]> {
  if (payouts.length === 0) return [];
  const subscribed = await trx('webhook_endpoints').where({ workspace_id: workspaceId, status: 'enabled' }).whereRaw('? = any(events)', [type]).first('id');
  if (!subscribed) return [];
  const rows = payouts.map((payout) => ({
    id: newId('evt'),
    workspace_id: workspaceId,
    type,
    data: JSON.stringify(payout),
    dedupe_key: `${type}:${payout.id}`,
  }));
  const inserted: { id: string }[] = await trx('webhook_events').insert(rows).onConflict('dedupe_key').ignore().returning('id');
  return inserted.map((row) => row.id);
}
