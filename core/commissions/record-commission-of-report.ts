import type { Knex } from 'knex';
import type { OrderOutcome } from '../domain/rules';
import type { ReportSource } from '../queues';
import { applyOrderChangeToCommission } from './apply-order-change';
import { recordSaleCommission } from './record-sale-commission';

/**
 * What one recorded report does to its order's commissions, in the report's transaction: a report
 * that credited the order writes its sale commission (one statement); a server report on an order
 * already credited may have changed its value or currency, which recomputes a pending commission
 * (or claws back from an approved one). Pixel repeats cost nothing.
 */
export async function recordCommissionOfReport(
  trx: Knex.Transaction,
  report: { orderRowId: string; outcome: OrderOutcome; source: ReportSource; commissionDaySeconds?: number },
): Promise<string[]> {
  if (report.outcome === 'credited') return recordSaleCommission(trx, { orderRowId: report.orderRowId, daySeconds: report.commissionDaySeconds });
  if (report.outcome === 'duplicate' && report.source === 'server') return applyOrderChangeToCommission(trx, { orderRowId: report.orderRowId });
  return [];
}
