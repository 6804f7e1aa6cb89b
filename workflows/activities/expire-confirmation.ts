import type { Db } from '../../core/db';
import { expireUnconfirmedOrder } from '../../core/repositories/order-outcomes';

/** The confirmation window ran out: a still-pending order is skipped as not_confirmed. Idempotent. */
export function createExpireConfirmation(db: Db) {
  return async function expireConfirmation(order: { integrationId: string; orderId: string }): Promise<{ expired: boolean }> {
    const id = await expireUnconfirmedOrder(db, order.integrationId, order.orderId);
    return { expired: id !== null };
  };
}
