import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

// A batch heartbeats as it starts: a worker that dies mid-batch is noticed within 10 seconds and the batch retried elsewhere.
const { approveCommissionBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export type ApproveDueCommissionsInput = { batchSize: number; maxBatches?: number };

/**
 * Run by the commission-approval Schedule: approves due commissions batch by batch (each batch one
 * transaction), until a batch is not full. A worker killed mid-run loses at most an uncommitted
 * batch, which the retry (or the next run) takes again: approval only moves pending rows.
 */
export async function approveDueCommissions(input: ApproveDueCommissionsInput): Promise<{ approved: number }> {
  let approved = 0;
  for (let batches = 0; batches < (input.maxBatches ?? 200); batches++) {
    const batch = await approveCommissionBatch({ limit: input.batchSize });
    approved += batch;
    if (batch < input.batchSize) break;
  }
  if (approved > 0) log.info('commissions approved', { approved });
  return { approved };
}
