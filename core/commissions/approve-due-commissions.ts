import { trustedWorkspaceId, type WorkspaceId } from '../domain/workspace-id';

import type { Db } from '../db';
import { recordCommissionEvents } from './commission-events';

export type ApprovalBatch = { approved: number; eventIds: string[] };

/**
 * One bounded, set-based batch of the approval Schedule, in one transaction: pending commissions
 * whose hold has ended become approved, with their `commission.approved` events. Rows another
 * transaction holds (a refund recomputing one) are skipped and taken by a later batch, so a refund
 * and the approval never both win: the refund sees the commission either pending or approved.
 */
export async function approveDueCommissions(db: Db, input: { limit: number }): Promise<ApprovalBatch> {
  return db.transaction(async (trx) => {
    const result = await trx.raw(
      `with due as (
         select id from commissions where status = 'pending' and hold_until <= now() order by hold_until limit ? for update skip locked
       )
       update commissions c set status = 'approved', approved_at = now(), updated_at = now() from due where c.id = due.id
       returning c.id, c.workspace_id`,
      [input.limit],
    );
    const approved = result.rows as { id: string; workspace_id: WorkspaceId }[];
    if (approved.length === 0) return { approved: 0, eventIds: [] };
    const byWorkspace = new Map<string, string[]>();
    for (const row of approved) byWorkspace.set(row.workspace_id, [...(byWorkspace.get(row.workspace_id) ?? []), row.id]);
    const subscribed: string[] = await trx('webhook_endpoints')
      .whereIn('workspace_id', [...byWorkspace.keys()])
      .where({ status: 'enabled' })
      .whereRaw(`'commission.approved' = any(events)`)
      .distinct()
      .pluck('workspace_id');
    const eventIds: string[] = [];
    for (const workspaceId of subscribed) {
      const ids = byWorkspace.get(workspaceId) ?? [];
      eventIds.push(
        ...(await recordCommissionEvents(
          trx,
          trustedWorkspaceId(workspaceId),
          ids.map((commissionId) => ({ commissionId, type: 'commission.approved' as const })),
        )),
      );
    }
    return { approved: approved.length, eventIds };
  });
}
