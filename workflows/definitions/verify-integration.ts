import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { checkPixelActivity } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export type VerifyIntegrationInput = { integrationId: string; pollIntervalSeconds: number; pollForMinutes: number };

/** Started by Verify: polls for pixel activity from the registered origin and connects the integration. */
export async function verifyIntegration(input: VerifyIntegrationInput): Promise<'connected' | 'disconnected' | 'missing' | 'timed_out'> {
  const deadline = workflowInfo().startTime.getTime() + input.pollForMinutes * 60_000;
  for (;;) {
    const status = await checkPixelActivity(input.integrationId);
    if (status !== 'pending') return status;
    if (Date.now() + input.pollIntervalSeconds * 1000 > deadline) return 'timed_out';
    await sleep(`${input.pollIntervalSeconds} seconds`);
  }
}
