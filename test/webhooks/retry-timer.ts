import type { Client } from '@temporalio/client';
import { webhookDeliveryWorkflowId } from '../../core/temporal';
import { waitFor } from '../support/wait-for';

/**
 * Waits until the delivery workflow sleeps before a retry: its durable timer is in the history.
 * (A failed attempt row alone is not enough: the activity may not have reported its result yet.)
 */
export async function waitForRetryTimer(client: Client, endpointId: string, eventId: string, timeoutMs = 60_000): Promise<void> {
  const handle = client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId, eventId));
  await waitFor(async () => (await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes), 'the retry timer to start', timeoutMs);
}
