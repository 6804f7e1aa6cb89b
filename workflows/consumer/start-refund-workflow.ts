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
export function createStartRefundWorkflow(deps: { db: Db; client: Client; taskQueue: string; eagerStart?: boolean }) {
  return async function startRefundWorkflow(refund: RefundJob): Promise<void> {
    const stored = await storeRefund(deps.db, refund);
    // Another refund holds this id (it passed ingest's check before the first was stored): it is not applied as if it were that one.
    if (stored.conflict) return;
    await signalOrderRefund(deps.client, deps.taskQueue, refund, { eagerStart: deps.eagerStart });
  };
}
