import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import type { OrderJob } from '../../core/queues';
import { recordOrderReport } from '../../core/repositories/orders';
import { orderReportedSignal, orderWorkflowId, searchAttributeKeys, workflowTypes } from '../../core/temporal';

/**
 * Signal-with-start: the order's running workflow receives the report, or a new run starts with
 * it (the same workflow id, readable in the Temporal UI). Signalling a report already processed
 * is harmless: the workflow finds its recorded outcome. Used by the consumer and by reconciliation.
 */
export async function signalOrderWorkflow(client: Client, taskQueue: string, job: OrderJob): Promise<string> {
  const workflowId = orderWorkflowId(job.integrationId, job.order.orderId);
  await client.workflow.signalWithStart(workflowTypes.processOrder, {
    taskQueue,
    workflowId,
    args: [],
    signal: orderReportedSignal,
    signalArgs: [job],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    workflowExecutionTimeout: '2 days',
    typedSearchAttributes: [
      { key: searchAttributeKeys.integrationId, value: job.integrationId },
      { key: searchAttributeKeys.orderId, value: job.order.orderId },
    ],
  });
  return workflowId;
}

/**
 * Records the report (append-only, idempotent on its id), then starts the order's workflow
 * (signalOrderWorkflow). A retried job signals again, and the workflow finds that report
 * already processed.
 */
export function createStartOrderWorkflow(deps: { db: Db; client: Client; taskQueue: string }) {
  return async function startOrderWorkflow(job: OrderJob): Promise<string> {
    const workflowId = orderWorkflowId(job.integrationId, job.order.orderId);
    await recordOrderReport(deps.db, {
      reportId: job.reportId,
      integrationId: job.integrationId,
      orderId: job.order.orderId,
      origin: job.origin,
      payload: job,
      receivedAt: new Date(job.receivedAt),
      workflowId,
    });
    return signalOrderWorkflow(deps.client, deps.taskQueue, job);
  };
}
