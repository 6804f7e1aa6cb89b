import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { Logger } from '../core/logger';
import { retryTransientTemporal } from '../core/retry-transient-temporal';
import {
  commissionApprovalScheduleId,
  DEFAULT_STUCK_AFTER_MINUTES,
  reconciliationScheduleId,
  verificationSweepScheduleId,
  webhookSweepScheduleId,
  workflowTypes,
} from '../core/temporal';
import type { ApproveDueCommissionsInput } from './definitions/approve-due-commissions';
import type { ReconcileOrdersInput } from './definitions/reconcile-orders';
import type { SweepVerificationsInput } from './definitions/sweep-verifications';
import type { SweepWebhookEventsInput } from './definitions/sweep-webhook-events';

export type ScheduleSettings = {
  taskQueue: string;
  pollForMinutes: number;
  staleAfterDays?: number;
  sweepEvery?: Duration;
  reconcileEvery?: Duration;
  stuckAfterMinutes?: number;
  webhookSweepEvery?: Duration;
  commissionApprovalEvery?: Duration;
};

/** A connected integration with no pixel signal for this long is flagged stale. */
export const DEFAULT_STALE_AFTER_DAYS = 3;

export function verificationSweepSchedule(settings: ScheduleSettings): ScheduleOptions {
  const args: [SweepVerificationsInput] = [{ staleAfterDays: settings.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS, pollForMinutes: settings.pollForMinutes }];
  const scheduleId = verificationSweepScheduleId(settings.taskQueue);
  return {
    scheduleId,
    spec: { intervals: [{ every: settings.sweepEvery ?? '5 minutes' }] },
    action: {
      type: 'startWorkflow',
      workflowType: workflowTypes.sweepVerifications,
      workflowId: scheduleId,
      taskQueue: settings.taskQueue,
      args,
      workflowExecutionTimeout: '10 minutes',
    },
    // A sweep still running when the next is due: skip the next; after an outage, run once.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '5 minutes' },
  };
}

export function reconciliationSchedule(settings: ScheduleSettings): ScheduleOptions {
  const args: [ReconcileOrdersInput] = [{ stuckAfterMinutes: settings.stuckAfterMinutes ?? DEFAULT_STUCK_AFTER_MINUTES }];
  const scheduleId = reconciliationScheduleId(settings.taskQueue);
  return {
    scheduleId,
    spec: { intervals: [{ every: settings.reconcileEvery ?? '10 minutes' }] },
    action: {
      type: 'startWorkflow',
      workflowType: workflowTypes.reconcileOrders,
      workflowId: scheduleId,
      taskQueue: settings.taskQueue,
      args,
      workflowExecutionTimeout: '30 minutes',
    },
    // A reconciliation still running when the next is due: skip the next; after an outage, run once.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
  };
}

/** Webhook events still undispatched a minute after they were recorded are dispatched by this one. */
export function webhookSweepSchedule(settings: ScheduleSettings): ScheduleOptions {
  const args: [SweepWebhookEventsInput] = [{ olderThanSeconds: 60, batchSize: 500 }];
  const scheduleId = webhookSweepScheduleId(settings.taskQueue);
  return {
    scheduleId,
    spec: { intervals: [{ every: settings.webhookSweepEvery ?? '1 minute' }] },
    action: {
      type: 'startWorkflow',
      workflowType: workflowTypes.sweepWebhookEvents,
      workflowId: scheduleId,
      taskQueue: settings.taskQueue,
      args,
      workflowExecutionTimeout: '10 minutes',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
  };
}

/**
 * Approves commissions whose hold has ended (issue 27): every 5 minutes, so within 10 minutes of
 * their holdUntil, in bounded set-based batches; never a workflow per commission sleeping for weeks.
 */
export function commissionApprovalSchedule(settings: ScheduleSettings): ScheduleOptions {
  const args: [ApproveDueCommissionsInput] = [{ batchSize: 500 }];
  const scheduleId = commissionApprovalScheduleId(settings.taskQueue);
  return {
    scheduleId,
    spec: { intervals: [{ every: settings.commissionApprovalEvery ?? '5 minutes' }] },
    action: {
      type: 'startWorkflow',
      workflowType: workflowTypes.approveDueCommissions,
      workflowId: scheduleId,
      taskQueue: settings.taskQueue,
      args,
      workflowExecutionTimeout: '30 minutes',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '5 minutes' },
  };
}

/**
 * Idempotent: creates the Schedules, or brings existing ones to the current spec and action, all
 * three at once. Each is retried while Temporal answers transiently (several workers starting at once keep a dev
 * server busy enough to miss a deadline).
 */
export async function ensureSchedules(client: Client, settings: ScheduleSettings, log: Logger): Promise<string[]> {
  const schedules = [
    verificationSweepSchedule(settings),
    reconciliationSchedule(settings),
    webhookSweepSchedule(settings),
    commissionApprovalSchedule(settings),
  ];
  await Promise.all(
    schedules.map((options) =>
      retryTransientTemporal(() => createOrUpdateSchedule(client, options, log), { what: `ensure schedule ${options.scheduleId}`, log }),
    ),
  );
  return schedules.map((options) => options.scheduleId);
}

async function createOrUpdateSchedule(client: Client, options: ScheduleOptions, log: Logger): Promise<void> {
  try {
    await client.schedule.create(options);
    log.info({ scheduleId: options.scheduleId }, 'schedule created');
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(options.scheduleId)
      .update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
    log.info({ scheduleId: options.scheduleId }, 'schedule updated');
  }
}
