import type { Knex } from 'knex';
import type { OrderOutcome } from '../domain/rules';
import type { ReportSource } from '../queues';
import { applyOrderChangeToCommission, readOrderFacts } from './apply-order-change';
import type { OrderMoneyFacts } from './compute-commission';
import { moveSaleCommission } from './move-sale-commission';
import { recordSaleCommission } from './record-sale-commission';

/**
 * What one recorded report does to its order's commissions, in the report's transaction: a report
 * that credited the order writes its sale commission (one statement); a server report on an order
 * already credited may have changed its value or currency, which recomputes a pending commission
 * (or claws back from an approved one); a server report that moved the order to another creator
 * (`movedToCreatorId`) moves its commissions. Pixel repeats cost nothing.
 */
export async function recordCommissionOfReport(
  trx: Knex.Transaction,
  report: {
    orderRowId: string;
    outcome: OrderOutcome;
    source: ReportSource;
    commissionDaySeconds?: number;
    /** The order after the report, if the caller has it (saves reading it again). */
    after?: OrderMoneyFacts;
    /** The creator the store's server moved the order to, if it did. */
    movedToCreatorId?: string | null;
  },
): Promise<string[]> {
  const { orderRowId, after, movedToCreatorId } = report;
  if (movedToCreatorId) {
    const facts = after ?? (await readOrderFacts(trx, orderRowId));
    if (!facts) return [];
    return moveSaleCommission(trx, { orderRowId, after: { ...facts, creatorId: movedToCreatorId }, daySeconds: report.commissionDaySeconds });
  }
  if (report.outcome === 'credited') return recordSaleCommission(trx, { orderRowId, daySeconds: report.commissionDaySeconds });
  if (report.outcome === 'duplicate' && report.source === 'server') return applyOrderChangeToCommission(trx, { orderRowId, after });
  return [];
}
