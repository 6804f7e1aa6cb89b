import { log } from '@temporalio/activity';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import type { DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import type { OrderDecision } from '../../core/domain/order-decision';
import type { OrderOutcome } from '../../core/domain/rules';
import type { OrderJob } from '../../core/queues';
import { createAttributeOrder } from './attribute-order';
import { createRecordOrder } from './record-order';
import { createValidateOrder } from './validate-order';

export type ReportResult = {
  reportId: string;
  outcome: OrderOutcome;
  decision: OrderDecision;
  /** While the order is pending: until when its workflow waits for the store's server (ISO). */
  awaitingConfirmationUntil: string | null;
};

/**
 * One report, start to finish: validate (connected now, from its origin) → attribute (coupon,
 * then click id, then ref) → record the outcome. One activity rather than three: the steps
 * share nothing worth a Temporal round trip between them, and the report's row already says
 * why it was skipped. Idempotent, as recordOrder is: a retry returns the recorded outcome.
 */
export function createProcessOrderReport(
  db: Db,
  options: { confirmationHourSeconds: number; commissionDaySeconds?: number; webhooks: { dispatch: DispatchWebhookEvents; log: Logger } },
) {
  const validateOrder = createValidateOrder(db);
  const attributeOrder = createAttributeOrder(db);
  const recordOrder = createRecordOrder(db, options.webhooks);
  return async function processOrderReport(job: OrderJob): Promise<ReportResult> {
    const validation = await validateOrder(job);
    const decision: OrderDecision = validation.ok
      ? await attributeOrder({
          workspaceId: validation.workspaceId,
          integrationId: job.integrationId,
          coupon: job.order.coupon,
          attribution: job.attribution,
          orderedAt: job.occurredAt ?? job.receivedAt,
          attributionWindowDays: validation.attributionWindowDays,
        })
      : { status: 'skipped', reason: validation.reason };
    const settings = validation.ok ? validation : validation.settings;
    const { outcome, awaitingConfirmationUntil } = await recordOrder({
      job,
      workspaceId: validation.workspaceId,
      decision,
      settings,
      confirmationHourSeconds: options.confirmationHourSeconds,
      commissionDaySeconds: options.commissionDaySeconds,
    });
    // Logged here rather than in the workflow: a workflow's log crosses to the main thread for every
    // order even when its level is filtered out; the outcome itself is in PostgreSQL.
    log.debug('order report processed', {
      reportId: job.reportId,
      source: job.source ?? 'pixel',
      outcome,
      reason: decision.status === 'skipped' ? decision.reason : undefined,
    });
    return { reportId: job.reportId, outcome, decision, awaitingConfirmationUntil };
  };
}
