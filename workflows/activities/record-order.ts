import type { WorkspaceId } from '../../core/domain/workspace-id';
import type { Knex } from 'knex';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { recordOrderEvents } from '../../core/webhooks/order-events';
import { toMinorUnits } from '../../core/domain/money';
import type { OrderDecision } from '../../core/domain/order-decision';
import type { OrderOutcome } from '../../core/domain/rules';
import { sourceOf, type OrderJob } from '../../core/queues';
import { markReportProcessed } from '../../core/repositories/orders';
import { recordReportOutcome, type RecordedOutcome } from '../../core/repositories/order-outcomes';
import { recordCommissionOfReport } from '../../core/commissions/record-commission-of-report';
import type { IntegrationSettings } from './validate-order';

export type RecordOrderInput = {
  job: OrderJob;
  workspaceId: WorkspaceId | null;
  decision: OrderDecision;
  settings?: IntegrationSettings;
  confirmationHourSeconds: number;
  /** Seconds per day of a commission's hold (86400 but in tests). */
  commissionDaySeconds?: number;
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

/** Another attempt recorded this report first: the transaction is rolled back and its outcome stands. */
class ReportAlreadyRecorded extends Error {
  readonly code = 'report_already_recorded';
  constructor(readonly outcome: OrderOutcome) {
    super(`report already recorded as ${outcome}`);
  }
}

/**
 * Idempotent: the order row, the report's outcome and the webhook events of what changed are
 * written in one transaction, and a retry of a report already processed returns the recorded
 * outcome (with the order as it stands). The report's outcome is written only if none is yet, so
 * a retry learns it was recorded at that write and rolls back: the common path (a report seen
 * once) pays no separate check. The events are dispatched after the commit.
 */
export function createRecordOrder(db: Db, webhooks: { dispatch: DispatchWebhookEvents; log: Logger }) {
  return async function recordOrder(input: RecordOrderInput): Promise<RecordOrderResult> {
    try {
      const { result, eventIds } = await recordInTransaction(input);
      await dispatchAfterCommit(webhooks.dispatch, eventIds, webhooks.log);
      return result;
    } catch (err) {
      if (!(err instanceof ReportAlreadyRecorded)) throw err;
      return { outcome: err.outcome, awaitingConfirmationUntil: await pendingDeadline(db, input.job) };
    }
  };

  async function markOnce(trx: Knex.Transaction, reportId: string, outcome: OrderOutcome, reason: string | null): Promise<void> {
    const already = await markReportProcessed(trx, reportId, outcome, reason);
    if (already) throw new ReportAlreadyRecorded(already);
  }

  function recordInTransaction({
    job,
    workspaceId,
    decision,
    settings,
    confirmationHourSeconds,
    commissionDaySeconds,
  }: RecordOrderInput): Promise<{ result: RecordOrderResult; eventIds: string[] }> {
    const reason = decision.status === 'skipped' ? decision.reason : null;
    return db.transaction(async (trx) => {
      if (workspaceId === null) {
        await markOnce(trx, job.reportId, 'skipped', reason);
        return { result: { outcome: 'skipped', awaitingConfirmationUntil: null }, eventIds: [] };
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
      await markOnce(trx, job.reportId, order.outcome, reportReason);
      const eventIds = await recordOrderEvents(trx, {
        workspaceId,
        integrationId: job.integrationId,
        orderId: job.order.orderId,
        orderRowId: order.orderRowId,
        credited: order.outcome === 'credited',
        skipped: order.firstSkipped,
        refunds: order.refundsApplied,
      });
      // Commissions (issue 27): the sale commission of a credited order, a recompute after a server report, or a move with the order.
      eventIds.push(
        ...(await recordCommissionOfReport(trx, {
          orderRowId: order.orderRowId,
          outcome: order.outcome,
          source: sourceOf(job),
          commissionDaySeconds,
          after: order.change.after,
          movedToCreatorId: order.change.attributionOverridden?.creatorId,
        })),
      );
      return { result: { outcome: order.outcome, order, awaitingConfirmationUntil: order.awaitingConfirmationUntil }, eventIds };
    });
  }
}
