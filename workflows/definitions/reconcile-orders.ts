import type { RetryPolicy } from '@temporalio/common';
import { log, patched, proxyActivities, sleep } from '@temporalio/workflow';
import { DEFAULT_STUCK_AFTER_MINUTES } from '../../core/temporal';
import type { Activities } from '../activities';
import type { ExpireStrandedResult } from '../activities/expire-stranded-orders';

const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 };

// Re-driving signals up to a batch of workflows: it heartbeats per report, so a stuck call is retried soon.
const { redriveStuckReports, redriveStuckRefunds, expireStrandedOrders } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

const { flagCrossIntegrationOrders, flagChangedRepeats, countUnaccountedReports } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry,
});

export type ReconcileOrdersInput = {
  /** Reports without an outcome received longer ago than this are re-driven. */
  stuckAfterMinutes?: number;
  /** Reports of credited orders processed within this window are checked for changed repeats. */
  lookbackHours?: number;
  /** How long to let re-driven reports be processed before counting those still without an outcome. */
  settleSeconds?: number;
  batchSize?: number;
};

export type ReconciliationSummary = {
  reDriven: number;
  refundsReDriven: number;
  /** Pending orders past their deadline with no open workflow, expired here (absent in runs before this existed). */
  strandedExpired?: number;
  flagsAdded: number;
  reportsChecked: number;
  unaccounted: number;
};

/** Run by the reconciliation Schedule: re-drives stuck reports and refunds, expires stranded pending orders, flags suspicious orders, and sums up. */
export async function reconcileOrders(input: ReconcileOrdersInput = {}): Promise<ReconciliationSummary> {
  const stuckAfterMinutes = input.stuckAfterMinutes ?? DEFAULT_STUCK_AFTER_MINUTES;
  const batchSize = input.batchSize ?? 500;
  const now = Date.now();
  const cutoff = new Date(now - stuckAfterMinutes * 60_000).toISOString();
  const since = new Date(now - (input.lookbackHours ?? 24) * 3_600_000).toISOString();

  let reDriven = 0;
  for (let afterId: string | undefined; ;) {
    const batch = await redriveStuckReports({ cutoff, afterId, limit: batchSize });
    reDriven += batch.count;
    afterId = batch.lastId;
    if (batch.count < batchSize) break;
  }

  let refundsReDriven = 0;
  for (let afterId: string | undefined; ;) {
    const batch = await redriveStuckRefunds({ cutoff, afterId, limit: batchSize });
    refundsReDriven += batch.count;
    afterId = batch.lastId;
    if (batch.count < batchSize) break;
  }

  // Added after runs without it existed: a run that started before replays without it.
  let strandedExpired: number | undefined;
  if (patched('reconcile-expires-stranded-pending-orders')) {
    strandedExpired = 0;
    for (let after: ExpireStrandedResult['next']; ;) {
      const batch = await expireStrandedOrders({ deadlineBefore: cutoff, after, limit: batchSize });
      strandedExpired += batch.expired;
      after = batch.next;
      if (batch.checked < batchSize) break;
    }
  }

  let flagsAdded = await flagCrossIntegrationOrders({ since });
  let reportsChecked = 0;
  for (let afterId: string | undefined; ;) {
    const batch = await flagChangedRepeats({ since, afterId, limit: batchSize });
    reportsChecked += batch.count;
    flagsAdded += batch.flagsAdded;
    afterId = batch.lastId;
    if (batch.count < batchSize) break;
  }

  if (reDriven > 0) await sleep((input.settleSeconds ?? 30) * 1000);
  const unaccounted = await countUnaccountedReports({ cutoff });
  const summary: ReconciliationSummary = {
    reDriven,
    refundsReDriven,
    ...(strandedExpired === undefined ? {} : { strandedExpired }),
    flagsAdded,
    reportsChecked,
    unaccounted,
  };
  if (unaccounted > 0) log.warn('reports still without an outcome after re-driving', summary);
  else log.info('reconciliation done', summary);
  return summary;
}
