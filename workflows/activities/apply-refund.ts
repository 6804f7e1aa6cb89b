import { trustedWorkspaceId } from '../../core/domain/workspace-id';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { recordOrderEvents } from '../../core/webhooks/order-events';
import type { RefundJob } from '../../core/queues';
import { applyOrderChangeToCommission } from '../../core/commissions/apply-order-change';
import { applyWaitingRefunds, storeRefund, type AppliedRefund } from '../../core/repositories/refunds';

/**
 * A refund, through its order's workflow: stored if it was not yet (idempotent on the
 * integration and refund id), then applied with the order's other waiting refunds when the order
 * is recorded; before that it waits on its row and is applied when the order is recorded. Each
 * applied refund sends one `order.refunded` with the order's new totals.
 */
export function createApplyRefund(db: Db, webhooks: { dispatch: DispatchWebhookEvents; log: Logger }) {
  return async function applyRefund(refund: RefundJob): Promise<AppliedRefund[]> {
    const { applied, eventIds } = await db.transaction(async (trx) => {
      await storeRefund(trx, refund);
      const applied = await applyWaitingRefunds(trx, refund.integrationId, refund.orderId);
      const orderRowId = applied[0]?.orderRowId;
      const eventIds = orderRowId
        ? await recordOrderEvents(trx, {
            // ingest wrote it from the authenticated key's integration row
            workspaceId: trustedWorkspaceId(refund.workspaceId),
            integrationId: refund.integrationId,
            orderId: refund.orderId,
            orderRowId,
            refunds: applied,
          })
        : [];
      // Commissions (issue 27): a pending commission recomputed, or a clawback after approval.
      if (orderRowId) eventIds.push(...(await applyOrderChangeToCommission(trx, { orderRowId })));
      return { applied, eventIds };
    });
    await dispatchAfterCommit(webhooks.dispatch, eventIds, webhooks.log);
    return applied;
  };
}
