import type { WorkspaceId } from '../core/domain/workspace-id';
import { commissionTotalsByCreator, emptyCommissionTotals, type CommissionTotals } from '../core/commissions/list-commissions';
import type { Db } from '../core/db';

/** The creator report's rows with commissionPending, commissionApproved and commissionPaid per currency (over the same range, by commission creation). */
export async function withCommissionTotals<R extends { creatorId: string }>(
  db: Db,
  workspaceId: WorkspaceId,
  range: { from?: Date; to?: Date },
  rows: R[],
): Promise<(R & CommissionTotals)[]> {
  const totals = await commissionTotalsByCreator(db, workspaceId, range);
  return rows.map((row) => ({ ...row, ...(totals.get(row.creatorId) ?? emptyCommissionTotals()) }));
}

const KINDS = ['commissionPending', 'commissionApproved', 'commissionPaid'] as const;

/** The CSV columns of the commission totals: one per (total, currency seen), e.g. commissionPendingUSD. */
export function commissionCsvHeader(rows: CommissionTotals[]): { header: string[]; currencies: string[] } {
  const currencies = [...new Set(rows.flatMap((r) => KINDS.flatMap((k) => Object.keys(r[k]))))].sort();
  return { header: KINDS.flatMap((k) => currencies.map((c) => `${k}${c}`)), currencies };
}

export function commissionCsvCells(row: CommissionTotals, columns: { currencies: string[] }): number[] {
  return KINDS.flatMap((k) => columns.currencies.map((c) => row[k][c] ?? 0));
}
