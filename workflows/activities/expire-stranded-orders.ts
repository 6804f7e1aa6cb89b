import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import { findOverdueOrders, type OverdueCursor } from '../../core/repositories/overdue-orders';
import { orderWorkflowId } from '../../core/temporal';

export type ExpireStrandedInput = { deadlineBefore: string; after?: OverdueCursor; limit: number };
export type ExpireStrandedResult = { checked: number; expired: number; next?: OverdueCursor };

/**
 * A pending order whose workflow failed, was terminated or is gone (local activities give up
 * after 24 hours; retention deletes closed runs) would stay pending for ever: past its deadline
 * with no open workflow, it is expired here exactly as its workflow would have done it (skipped
 * as not_confirmed, with its `order.skipped` event). One whose workflow is still open is left to
 * it (its timer fires, or it is retrying). Idempotent: the expiry only changes a pending row.
 */
export function createExpireStrandedOrders(deps: {
  db: Db;
  client: Client;
  expireConfirmation: (order: { integrationId: string; orderId: string }) => Promise<{ expired: boolean }>;
}) {
  async function hasOpenWorkflow(order: { integrationId: string; orderId: string }): Promise<boolean> {
    try {
      const described = await deps.client.workflow.getHandle(orderWorkflowId(order.integrationId, order.orderId)).describe();
      return described.status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  return async function expireStrandedOrders(input: ExpireStrandedInput): Promise<ExpireStrandedResult> {
    const orders = await findOverdueOrders(deps.db, { deadlineBefore: new Date(input.deadlineBefore), after: input.after, limit: input.limit });
    let expired = 0;
    for (const order of orders) {
      if (!(await hasOpenWorkflow(order)) && (await deps.expireConfirmation(order)).expired) expired += 1;
      Context.current().heartbeat(order.rowId);
    }
    const last = orders.at(-1);
    return { checked: orders.length, expired, next: last && { deadline: last.deadline, rowId: last.rowId } };
  };
}
