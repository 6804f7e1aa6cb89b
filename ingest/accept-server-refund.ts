import type { ServerRefund } from '../core/domain/server-reports';
import type { Queues } from '../core/queues';
import type { ServerCaller } from './authenticate-server-key';

/**
 * Queues a refund the store's server reported, for the consumer to store and signal to the
 * order's workflow. Each request is its own job (BullMQ's own id): the same refundId sent twice
 * is two jobs and one row, because the database's (integration, refundId) row is what makes a
 * refund idempotent, not the queue. Resolves once the job is in Redis.
 */
export async function acceptServerRefund(refunds: Queues['refunds'], caller: ServerCaller, refund: ServerRefund, receivedAt: Date): Promise<void> {
  await refunds.add('refund', {
    workspaceId: caller.workspaceId,
    integrationId: caller.integrationId,
    orderId: refund.orderId,
    refundId: refund.refundId,
    value: refund.value,
    currency: refund.currency,
    source: 'server',
    receivedAt: receivedAt.toISOString(),
  });
}
