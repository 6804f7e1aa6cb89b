import { ActivityFailure, log, proxyActivities, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { searchAttributeKeys } from '../../core/temporal';
import type { DeliverWebhookInput } from '../../core/webhooks/dispatch-webhook-events';
import type { Activities } from '../activities';
import type { AttemptOutcome } from '../activities/webhooks';

export type DeliverWebhookResult = { outcome: Exclude<AttemptOutcome, 'failed'> | 'exhausted'; attempts: number };

/**
 * One event to one endpoint, at least once: each attempt is an activity (the HTTP call with its
 * timeout), and the pauses between attempts are durable timers, so a worker or Temporal restart
 * mid-schedule resumes where it was. The `webhook-id` is the event id on every attempt.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const { attemptWebhookDelivery } = proxyActivities<Activities>({
    startToCloseTimeout: input.attemptTimeoutMs + 5_000,
    // Our own failures (database away): retried here; the receiver's failures are outcomes, retried on the schedule.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
  });
  const attempts = input.retryDelaysSeconds.length + 1;
  let outcome: AttemptOutcome = 'failed';
  let attempt = 0;
  while (attempt < attempts) {
    attempt += 1;
    try {
      outcome = await attemptWebhookDelivery({
        endpointId: input.endpointId,
        eventId: input.eventId,
        attempt,
        timeoutMs: input.attemptTimeoutMs,
        disableAfterFailingSeconds: input.disableAfterFailingSeconds,
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('webhook attempt could not run', { attempt, error: err.cause?.message ?? err.message });
      outcome = 'failed';
    }
    if (outcome !== 'failed') break;
    const delay = input.retryDelaysSeconds[attempt - 1];
    if (delay !== undefined) await sleep(delay * 1000);
  }
  const result: DeliverWebhookResult = { outcome: outcome === 'failed' ? 'exhausted' : outcome, attempts: attempt };
  upsertSearchAttributes([{ key: searchAttributeKeys.outcome, value: result.outcome }]);
  return result;
}
