import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import { signalOrderRefund } from '../../core/order-workflow-signals';
import type { RefundJob } from '../../core/queues';
import { storeRefund } from '../../core/repositories/refunds';

/**
 * Handles one refunds queue job: keeps the refund (idempotent on integration and refund id, so
 * the same refund sent twenty times is one row), then hands it to its order's workflow, which
 * applies it in arrival order with the order's reports. A retried job signals again: harmless.
 */
export function createStartRefundWorkflow(deps: { db: Db; client: Client; taskQueue: string }) {
  return async function startRefundWorkflow(refund: RefundJob): Promise<void> {
    await storeRefund(deps.db, refund);
    await signalOrderRefund(deps.client, deps.taskQueue, refund);
  };
}
