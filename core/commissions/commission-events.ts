import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import type { Db } from '../db';
import { recordWebhookEvent } from '../webhooks/record-webhook-event';
import { COMMISSION_COLUMNS, commissionView, type CommissionRow } from './commission-view';

export type CommissionEventType = 'commission.created' | 'commission.approved' | 'commission.reversed';

/**
 * Records one event per (commission, type) in the caller's transaction, carrying the commission as
 * the API shows it after the fact. Keyed by the commission id, so a repeat records nothing.
 */
export async function recordCommissionEvents(
  trx: Knex.Transaction | Db,
  workspaceId: WorkspaceId,
  facts: { commissionId: string; type: CommissionEventType }[],
): Promise<string[]> {
  if (facts.length === 0) return [];
  const rows: CommissionRow[] = await trx('commissions')
    .whereIn(
      'id',
      facts.map((f) => f.commissionId),
    )
    .select(COMMISSION_COLUMNS);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ids: string[] = [];
  for (const fact of facts) {
    const row = byId.get(fact.commissionId);
    if (!row) continue;
    const id = await recordWebhookEvent(trx, { workspaceId, type: fact.type, data: commissionView(row), dedupeKey: `${fact.type}:${fact.commissionId}` });
    if (id) ids.push(id);
  }
  return ids;
}

/** Whether an enabled endpoint of the workspace takes any of these types (SQL, for a statement that needs to know). */
export const SUBSCRIBED_TO_COMMISSION_EVENTS_SQL = `exists (select 1 from webhook_endpoints e where e.workspace_id = inserted.workspace_id and e.status = 'enabled'
  and e.events && array['commission.created', 'commission.approved']::text[])`;
