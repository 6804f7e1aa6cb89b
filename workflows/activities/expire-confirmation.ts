import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { expireUnconfirmedOrder } from '../../core/repositories/order-outcomes';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { recordOrderEvents } from '../../core/webhooks/order-events';

/** The confirmation window ran out: a still-pending order is skipped as not_confirmed (sending `order.skipped`). Idempotent. */
export function createExpireConfirmation(db: Db, webhooks: { dispatch: DispatchWebhookEvents; log: Logger }) {
  return async function expireConfirmation(order: { integrationId: string; orderId: string }): Promise<{ expired: boolean }> {
    const { expired, eventIds } = await db.transaction(async (trx) => {
      const row = await expireUnconfirmedOrder(trx, order.integrationId, order.orderId);
      if (!row) return { expired: false, eventIds: [] };
      const eventIds = await recordOrderEvents(trx, { workspaceId: row.workspaceId, ...order, orderRowId: row.id, skipped: true });
      return { expired: true, eventIds };
    });
    await dispatchAfterCommit(webhooks.dispatch, eventIds, webhooks.log);
    return { expired };
  };
}
