import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SweepIntegrationsInput } from '../activities/sweep-integrations';

const { sweepIntegrations } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export type SweepVerificationsInput = Omit<SweepIntegrationsInput, 'now'>;

/** Run by the verification-sweep Schedule: flags quiet integrations and expires stale pending verifications. */
export async function sweepVerifications(input: SweepVerificationsInput) {
  const result = await sweepIntegrations({ ...input, now: new Date(Date.now()).toISOString() });
  log.info('verification sweep done', result);
  return result;
}
