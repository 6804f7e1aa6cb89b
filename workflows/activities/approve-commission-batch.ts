import { Context } from '@temporalio/activity';
import { approveDueCommissions } from '../../core/commissions/approve-due-commissions';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';

/** One batch of due commissions approved (see core/commissions/approve-due-commissions.ts); returns how many. */
export function createApproveCommissionBatch(db: Db, webhooks: { dispatch: DispatchWebhookEvents; log: Logger }) {
  return async function approveCommissionBatch(input: { limit: number }): Promise<number> {
    Context.current().heartbeat();
    const batch = await approveDueCommissions(db, input);
    await dispatchAfterCommit(webhooks.dispatch, batch.eventIds, webhooks.log);
    return batch.approved;
  };
}
