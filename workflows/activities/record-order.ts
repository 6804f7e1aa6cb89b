import type { Knex } from 'knex';
import type { Db } from '../../core/db';
import { toMinorUnits } from '../../core/domain/money';
import type { OrderDecision } from '../../core/domain/order-decision';
import type { OrderOutcome } from '../../core/domain/rules';
import { sourceOf, type OrderJob } from '../../core/queues';
import { markReportProcessed } from '../../core/repositories/orders';
import { recordReportOutcome, type RecordedOutcome } from '../../core/repositories/order-outcomes';
import type { IntegrationSettings } from './validate-order';

export type RecordOrderInput = {
  job: OrderJob;
  workspaceId: string | null;
  decision: OrderDecision;
  settings?: IntegrationSettings;
  confirmationHourSeconds: number;
};

/** What recording a report amounted to; `order` is absent for a report of an unknown integration or one already recorded. */
export type RecordOrderResult = { outcome: OrderOutcome; order?: RecordedOutcome; awaitingConfirmationUntil: string | null };

/** A retry of a recorded report (say the worker died before Temporal heard back) must still wait for confirmation. */
async function pendingDeadline(db: Knex, job: OrderJob): Promise<string | null> {
  const row: { confirmation_deadline: Date | null } | undefined = await db('orders')
    .where({ integration_id: job.integrationId, order_id: job.order.orderId, status: 'pending' })
    .first('confirmation_deadline');
  return row?.confirmation_deadline?.toISOString() ?? null;
}

/**
 * Idempotent: the order row and the report's outcome are written in one transaction, and a retry
 * of a report already processed returns the recorded outcome (with the order as it stands).
 */
export function createRecordOrder(db: Db) {
  return async function recordOrder({ job, workspaceId, decision, settings, confirmationHourSeconds }: RecordOrderInput): Promise<RecordOrderResult> {
    const reason = decision.status === 'skipped' ? decision.reason : null;
    return db.transaction(async (trx) => {
      const done = await trx('order_reports').where({ id: job.reportId }).whereNotNull('outcome').first('outcome');
      if (done) return { outcome: done.outcome as OrderOutcome, awaitingConfirmationUntil: await pendingDeadline(trx, job) };
      if (workspaceId === null) {
        await markReportProcessed(trx, job.reportId, 'skipped', reason);
        return { outcome: 'skipped', awaitingConfirmationUntil: null };
      }
      const receivedAt = new Date(job.receivedAt);
      const windowHours = settings?.confirmationWindowHours ?? 0;
      const order = await recordReportOutcome(trx, {
        workspaceId,
        integrationId: job.integrationId,
        orderId: job.order.orderId,
        source: sourceOf(job),
        valueMinor: toMinorUnits(job.order.value, job.order.currency),
        currency: job.order.currency,
        couponCode: job.order.coupon,
        origin: job.origin,
        reportedAt: receivedAt,
        decision,
        requireServerConfirmation: settings?.requireServerConfirmation ?? false,
        confirmationDeadline: new Date(receivedAt.getTime() + windowHours * confirmationHourSeconds * 1000),
      });
      const reportReason = order.outcome === 'duplicate' ? 'duplicate' : order.outcome === 'pending' ? 'awaiting_confirmation' : reason;
      await markReportProcessed(trx, job.reportId, order.outcome, reportReason);
      return { outcome: order.outcome, order, awaitingConfirmationUntil: order.awaitingConfirmationUntil };
    });
  };
}
