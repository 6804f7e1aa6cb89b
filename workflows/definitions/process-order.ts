import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { allHandlersFinished, condition, continueAsNew, log, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { OrderJob } from '../../core/queues';
import { orderReportedSignal, searchAttributeKeys } from '../../core/temporal';
import type { Activities } from '../activities';
import type { ReportResult } from '../activities/process-order-report';

/**
 * A local activity: the worker that runs the workflow task runs the report's few queries too, and
 * the result is recorded with that task's completion. An order then costs one workflow task
 * instead of a workflow task, an activity task and a second workflow task. Retries back off in
 * the worker (past a minute, with durable timers), so PostgreSQL being away loses nothing.
 */
const { processOrderReport } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  // PostgreSQL being away for a while must not lose an order: retry for up to a day.
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Keeps each run's history small when a store reports one order over and over. */
const REPORTS_PER_RUN = 100;

export type { ReportResult };

/** One report: validate → attribute (coupon, then link) → credit, or record why not. */
async function processReport(job: OrderJob): Promise<ReportResult> {
  const result = await processOrderReport(job);
  const { outcome, decision } = result;
  log.info('order report processed', { reportId: job.reportId, outcome, reason: decision.status === 'skipped' ? decision.reason : undefined });
  return result;
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
