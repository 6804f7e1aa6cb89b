import type { Db } from '../../core/db';
import { toMinorUnits } from '../../core/domain/money';
import type { OrderOutcome } from '../../core/domain/rules';
import type { OrderJob } from '../../core/queues';
import { markReportProcessed, recordOrderOutcome, type OrderDecision } from '../../core/repositories/orders';

export type RecordOrderInput = { job: OrderJob; workspaceId: string | null; decision: OrderDecision };

/**
 * Idempotent: the order row and the report's outcome are written in one transaction, and a retry
 * of a report already processed returns the recorded outcome. The unique (integration, order id)
 * row decides, so a repeat report of a credited order becomes 'duplicate'.
 */
export function createRecordOrder(db: Db) {
  return async function recordOrder({ job, workspaceId, decision }: RecordOrderInput): Promise<OrderOutcome> {
    const reason = decision.status === 'skipped' ? decision.reason : null;
    return db.transaction(async (trx) => {
      const done = await trx('order_reports').where({ id: job.reportId }).whereNotNull('outcome').first('outcome');
      if (done) return done.outcome as OrderOutcome;
      const outcome =
        workspaceId === null
          ? 'skipped'
          : await recordOrderOutcome(trx, {
              workspaceId,
              integrationId: job.integrationId,
              orderId: job.order.orderId,
              valueMinor: toMinorUnits(job.order.value, job.order.currency),
              currency: job.order.currency,
              couponCode: job.order.coupon,
              origin: job.origin,
              reportedAt: new Date(job.receivedAt),
              decision,
            });
      await markReportProcessed(trx, job.reportId, outcome, outcome === 'duplicate' ? 'duplicate' : reason);
      return outcome;
    });
  };
}
