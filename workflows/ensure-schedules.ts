import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { Logger } from '../core/logger';
import { verificationSweepScheduleId, workflowTypes } from '../core/temporal';
import type { SweepVerificationsInput } from './definitions/sweep-verifications';

export type ScheduleSettings = { taskQueue: string; pollForMinutes: number; staleAfterDays?: number; sweepEvery?: Duration };

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

/** Idempotent: creates the Schedules, or brings existing ones to the current spec and action. */
export async function ensureSchedules(client: Client, settings: ScheduleSettings, log: Logger): Promise<string[]> {
  const options = verificationSweepSchedule(settings);
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
  return [options.scheduleId];
}
