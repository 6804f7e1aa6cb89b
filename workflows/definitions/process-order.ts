import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderJob, RefundJob } from '../../core/queues';
import { orderReportedSignal, refundReportedSignal, searchAttributeKeys } from '../../core/temporal';
import type { Activities } from '../activities';
import type { ReportResult } from '../activities/process-order-report';

/**
 * Local activities: the worker that runs the workflow task runs the few queries too, and the
 * result is recorded with that task's completion. An order then costs one workflow task instead
 * of a workflow task, an activity task and a second workflow task. Retries back off in the
 * worker (past a minute, with durable timers), so PostgreSQL being away loses nothing.
 */
const { processOrderReport, applyRefund, expireConfirmation } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  // PostgreSQL being away for a while must not lose an order: retry for up to a day.
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Keeps each run's history (and its `results`) small when a store reports one order over and over. */
export const SIGNALS_PER_RUN = 100;

export type { ReportResult };

/** What reached the order's workflow, in arrival order. */
export type OrderSignal = { kind: 'report'; job: OrderJob } | { kind: 'refund'; refund: RefundJob };

/** What one run hands to the next (continue-as-new): signals not yet handled, the confirmation wait, and whose order it is. */
export type CarriedOrderState = {
  signals: OrderSignal[];
  awaitingConfirmationUntil: string | null;
  /** Absent in runs continued before a run could continue while waiting (it then had signals to name it). */
  order?: { integrationId: string; orderId: string };
};

/** Runs started before refunds existed carried a plain list of reports. */
function carriedState(carried: CarriedOrderState | OrderJob[] | undefined): CarriedOrderState {
  if (carried === undefined) return { signals: [], awaitingConfirmationUntil: null };
  if (Array.isArray(carried)) return { signals: carried.map((job) => ({ kind: 'report', job })), awaitingConfirmationUntil: null };
  return carried;
}

/** One report: validate → attribute (coupon, then link) → credit, wait for confirmation, or record why not. */
async function processReport(job: OrderJob): Promise<ReportResult> {
  const result = await processOrderReport(job);
  const { outcome, decision } = result;
  const attributes: SearchAttributeUpdatePair[] = [];
  if (outcome !== 'duplicate') attributes.push({ key: searchAttributeKeys.outcome, value: outcome });
  if ((outcome === 'credited' || outcome === 'pending') && decision.status === 'credited')
    attributes.push({ key: searchAttributeKeys.creatorId, value: decision.creatorId });
  if (attributes.length) upsertSearchAttributes(attributes);
  return result;
}

/**
 * The workflow of one (integration, order id). Reports and refunds arrive as signals
 * (signal-with-start) and are handled one at a time in arrival order; the database's unique row
 * credits at most once. With server confirmation required, a pixel report leaves the order
 * pending and this workflow waits for the store's server on a durable timer until the window
 * ends; then the order is skipped as not_confirmed.
 */
export async function processOrder(carried?: CarriedOrderState | OrderJob[]): Promise<ReportResult[]> {
  const state = carriedState(carried);
  const signals: OrderSignal[] = [...state.signals];
  let awaitingUntil: string | null = state.awaitingConfirmationUntil;
  let order: { integrationId: string; orderId: string } | null = state.order ?? null;
  // Runs that started before this change continue as new only with a backlog of signals (below).
  const continuesWhileWaiting = patched('order-continue-as-new-while-waiting');
  setHandler(orderReportedSignal, (job) => void signals.push({ kind: 'report', job }));
  setHandler(refundReportedSignal, (refund) => void signals.push({ kind: 'refund', refund }));
  if (signals.length === 0 && awaitingUntil === null) await condition(() => signals.length > 0, '1 minute');

  const results: ReportResult[] = [];
  let handled = 0;
  for (;;) {
    while (signals.length > 0) {
      const signal = signals.shift() as OrderSignal;
      handled += 1;
      if (signal.kind === 'report') {
        order = { integrationId: signal.job.integrationId, orderId: signal.job.order.orderId };
        const result = await processReport(signal.job);
        results.push(result);
        awaitingUntil = result.awaitingConfirmationUntil;
      } else {
        order = { integrationId: signal.refund.integrationId, orderId: signal.refund.orderId };
        const applied = await applyRefund(signal.refund);
        log.info('refund processed', {
          refundId: signal.refund.refundId,
          applied: applied.map((r) => ({ refundId: r.refundId, appliedMinor: r.appliedMinor, reason: r.reason })),
        });
      }
      if (continuesWhileWaiting) {
        // Reports trickling in one at a time while the order waits would grow this run without
        // bound: past a fixed number of signals, or when Temporal suggests it, the next run takes over.
        const stillWorkToDo = signals.length > 0 || awaitingUntil !== null;
        if (stillWorkToDo && (handled >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested)) {
          await condition(allHandlersFinished);
          await continueAsNew<typeof processOrder>({ signals, awaitingConfirmationUntil: awaitingUntil, order: order ?? undefined });
        }
      } else if (handled >= SIGNALS_PER_RUN && signals.length > 0) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof processOrder>({ signals, awaitingConfirmationUntil: awaitingUntil });
      }
    }
    if (awaitingUntil === null || order === null) break;
    // A durable timer: the store's server may confirm until the deadline; a worker restart loses nothing.
    const remainingMs = Date.parse(awaitingUntil) - Date.now();
    if (remainingMs > 0 && (await condition(() => signals.length > 0, remainingMs))) continue;
    if (signals.length > 0) continue;
    const { expired } = await expireConfirmation(order);
    awaitingUntil = null;
    if (expired) {
      log.info('order not confirmed in time', order);
      upsertSearchAttributes([{ key: searchAttributeKeys.outcome, value: 'skipped' }]);
    }
  }
  return results;
}
