import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { dispatchUndispatchedWebhookEvents } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export type SweepWebhookEventsInput = { olderThanSeconds: number; batchSize: number };

/** Run by the webhook-sweep Schedule: dispatches outbox events left undispatched (a crash between commit and dispatch). */
export async function sweepWebhookEvents(input: SweepWebhookEventsInput): Promise<{ dispatched: number }> {
  let dispatched = 0;
  for (;;) {
    const batch = await dispatchUndispatchedWebhookEvents({ olderThanSeconds: input.olderThanSeconds, limit: input.batchSize });
    dispatched += batch;
    if (batch < input.batchSize) break;
  }
  if (dispatched > 0) log.info('webhook sweep dispatched events', { dispatched });
  return { dispatched };
}
