import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { allHandlersFinished, condition, continueAsNew, log, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { OrderOutcome } from '../../core/domain/rules';
import type { OrderJob } from '../../core/queues';
import type { OrderDecision } from '../../core/repositories/orders';
import { orderReportedSignal, searchAttributeKeys } from '../../core/temporal';
import type { Activities } from '../activities';

const { validateOrder, attributeOrder, recordOrder } = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  // PostgreSQL being away for a while must not lose an order: retry for up to a day.
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Keeps each run's history small when a store reports one order over and over. */
const REPORTS_PER_RUN = 100;

export type ReportResult = { reportId: string; outcome: OrderOutcome; decision: OrderDecision };

/** One report: validate → attribute (coupon, then link) → credit, or record why not. */
async function processReport(job: OrderJob): Promise<ReportResult> {
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
  log.info('order report processed', { reportId: job.reportId, outcome, reason: decision.status === 'skipped' ? decision.reason : undefined });
  return { reportId: job.reportId, outcome, decision };
}

/**
 * The workflow of one (integration, order id). Reports arrive as signals (signal-with-start),
 * are handled one at a time in arrival order, and the database's unique row credits at most once.
 */
export async function processOrder(carried: OrderJob[] = []): Promise<ReportResult[]> {
  const pending: OrderJob[] = [...carried];
  setHandler(orderReportedSignal, (job) => void pending.push(job));
  await condition(() => pending.length > 0, '1 minute');

  const results: ReportResult[] = [];
  while (pending.length > 0) {
    const result = await processReport(pending.shift() as OrderJob);
    results.push(result);
    const attributes: SearchAttributeUpdatePair[] = [];
    if (result.outcome !== 'duplicate') attributes.push({ key: searchAttributeKeys.outcome, value: result.outcome });
    if (result.outcome === 'credited' && result.decision.status === 'credited')
      attributes.push({ key: searchAttributeKeys.creatorId, value: result.decision.creatorId });
    if (attributes.length) upsertSearchAttributes(attributes);
    if (results.length >= REPORTS_PER_RUN && pending.length > 0) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof processOrder>(pending);
    }
  }
  return results;
}
