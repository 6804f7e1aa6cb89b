import type { Db } from '../../core/db';
import type { RefundJob } from '../../core/queues';
import { applyWaitingRefunds, storeRefund, type AppliedRefund } from '../../core/repositories/refunds';

/**
 * A refund, through its order's workflow: stored if it was not yet (idempotent on the
 * integration and refund id), then applied with the order's other waiting refunds when the order
 * is recorded; before that it waits on its row and is applied when the order is recorded.
 */
export function createApplyRefund(db: Db) {
  return async function applyRefund(refund: RefundJob): Promise<AppliedRefund[]> {
    return db.transaction(async (trx) => {
      await storeRefund(trx, refund);
      return applyWaitingRefunds(trx, refund.integrationId, refund.orderId);
    });
  };
}
