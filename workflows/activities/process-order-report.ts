import type { Db } from '../../core/db';
import type { OrderOutcome } from '../../core/domain/rules';
import type { OrderJob } from '../../core/queues';
import type { OrderDecision } from '../../core/repositories/orders';
import { createAttributeOrder } from './attribute-order';
import { createRecordOrder } from './record-order';
import { createValidateOrder } from './validate-order';

export type ReportResult = { reportId: string; outcome: OrderOutcome; decision: OrderDecision };

/**
 * One report, start to finish: validate (connected now, from its origin) → attribute (coupon,
 * then click id, then ref) → record the outcome. One activity rather than three: the steps
 * share nothing worth a Temporal round trip between them, and the report's row already says
 * why it was skipped. Idempotent, as recordOrder is: a retry returns the recorded outcome.
 */
export function createProcessOrderReport(db: Db) {
  const validateOrder = createValidateOrder(db);
  const attributeOrder = createAttributeOrder(db);
  const recordOrder = createRecordOrder(db);
  return async function processOrderReport(job: OrderJob): Promise<ReportResult> {
    const validation = await validateOrder(job);
    const decision: OrderDecision = validation.ok
      ? await attributeOrder({
          workspaceId: validation.workspaceId,
          integrationId: job.integrationId,
          coupon: job.order.coupon,
          attribution: job.attribution,
          receivedAt: job.receivedAt,
          attributionWindowDays: validation.attributionWindowDays,
        })
      : { status: 'skipped', reason: validation.reason };
    const outcome = await recordOrder({ job, workspaceId: validation.workspaceId, decision });
    return { reportId: job.reportId, outcome, decision };
  };
}
