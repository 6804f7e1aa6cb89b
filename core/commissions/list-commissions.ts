import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { majorUnits, type CommissionStatus } from './compute-commission';
import { COMMISSION_COLUMNS, commissionView, type CommissionRow, type CommissionView } from './commission-view';

export type CommissionFilter = { workspaceId: WorkspaceId; creatorId?: string; status?: CommissionStatus; orderId?: string; payoutId?: string };

/** A workspace's commissions, newest first, filtered; without a page, all of them (an order's). */
export async function listCommissions(db: Db, filter: CommissionFilter, page?: { limit: number; offset: number }): Promise<CommissionView[]> {
  const query = db('commissions')
    .where({ workspace_id: filter.workspaceId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .select(COMMISSION_COLUMNS);
  if (filter.creatorId) query.where({ creator_id: filter.creatorId });
  if (filter.status) query.where({ status: filter.status });
  if (filter.orderId) query.where({ order_row_id: filter.orderId });
  if (filter.payoutId) query.where({ payout_id: filter.payoutId });
  if (page) query.limit(page.limit).offset(page.offset);
  return ((await query) as CommissionRow[]).map(commissionView);
}

export type CommissionTotals = {
  commissionPending: Record<string, number>;
  commissionApproved: Record<string, number>;
  commissionPaid: Record<string, number>;
};

/** Per creator of the workspace: pending, approved (not yet paid) and paid commissions per currency, major units. */
export async function commissionTotalsByCreator(
  db: Db,
  workspaceId: WorkspaceId,
  range: { from?: Date; to?: Date } = {},
): Promise<Map<string, CommissionTotals>> {
  const query = db('commissions')
    .where({ workspace_id: workspaceId })
    .whereIn('status', ['pending', 'approved', 'paid'])
    .groupBy('creator_id', 'status', 'currency')
    .select('creator_id', 'status', 'currency', db.raw('sum(amount_minor) as amount_minor'));
  if (range.from) query.where('created_at', '>=', range.from);
  if (range.to) query.where('created_at', '<', range.to);
  const rows: { creator_id: string; status: 'pending' | 'approved' | 'paid'; currency: string; amount_minor: string }[] = await query;
  const totals = new Map<string, CommissionTotals>();
  for (const row of rows) {
    const entry = totals.get(row.creator_id) ?? emptyCommissionTotals();
    const key = ({ pending: 'commissionPending', approved: 'commissionApproved', paid: 'commissionPaid' } as const)[row.status];
    const currency = row.currency.trim();
    entry[key][currency] = majorUnits(Number(row.amount_minor), currency);
    totals.set(row.creator_id, entry);
  }
  return totals;
}

export const emptyCommissionTotals = (): CommissionTotals => ({ commissionPending: {}, commissionApproved: {}, commissionPaid: {} });
