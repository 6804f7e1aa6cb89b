import type { ServerRefund } from '../core/domain/server-reports';
import type { Queues, RefundJob } from '../core/queues';
import type { ServerCaller } from './authenticate-server-key';
import { BeaconDropped } from './drop-reasons';

export type AcceptServerRefundDeps = {
  refunds: Queues['refunds'];
  /** The (integration, refundId) is already kept for another refund (another order, value or currency). */
  isRefundIdTaken: (refund: RefundJob) => Promise<boolean>;
};

/**
 * Queues a refund the store's server reported, for the consumer to store and signal to the
 * order's workflow. Each request is its own job (BullMQ's own id): the same refund sent twice is
 * two jobs and one row, because the database's (integration, refundId) row is what makes a refund
 * idempotent, not the queue. A refundId already kept for another refund is refused (409
 * `idempotency_conflict`), nothing queued. Resolves once the job is in Redis.
 */
export async function acceptServerRefund(deps: AcceptServerRefundDeps, caller: ServerCaller, refund: ServerRefund, receivedAt: Date): Promise<void> {
  const job: RefundJob = {
    workspaceId: caller.workspaceId,
    integrationId: caller.integrationId,
    orderId: refund.orderId,
    refundId: refund.refundId,
    value: refund.value,
    currency: refund.currency,
    source: 'server',
    receivedAt: receivedAt.toISOString(),
  };
  if (await deps.isRefundIdTaken(job)) {
    throw new BeaconDropped('idempotency_conflict', caller.integrationId, {
      field: 'refundId',
      problem: 'this refundId is already kept for another order, value or currency',
    });
  }
  await deps.refunds.add('refund', job);
}
