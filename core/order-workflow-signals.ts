import type { Client } from '@temporalio/client';
import type { OrderJob, RefundJob } from './queues';
import { orderReportedSignal, orderWorkflowId, refundReportedSignal, searchAttributeKeys, workflowTypes } from './temporal';

/**
 * Signal-with-start: the order's running workflow receives the signal, or a new run starts with it
 * (the same workflow id, readable in the Temporal UI). Everything about one (integration, order
 * id) goes through that one workflow, in arrival order. Used by the queue consumer, by
 * reconciliation and by the admin API (a person's refund).
 */
async function signalOrder<Args extends [OrderJob] | [RefundJob]>(
  client: Client,
  taskQueue: string,
  integrationId: string,
  orderId: string,
  signal: typeof orderReportedSignal | typeof refundReportedSignal,
  signalArgs: Args,
): Promise<string> {
  const workflowId = orderWorkflowId(integrationId, orderId);
  await client.workflow.signalWithStart(workflowTypes.processOrder, {
    taskQueue,
    workflowId,
    args: [],
    signal: signal as typeof orderReportedSignal,
    signalArgs: signalArgs as [OrderJob],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    // No execution timeout: the workflow bounds itself (one minute for its first signal, a day of
    // retries for each report, the confirmation window), and a timeout would cost the server a
    // timer for every order.
    typedSearchAttributes: [
      { key: searchAttributeKeys.integrationId, value: integrationId },
      { key: searchAttributeKeys.orderId, value: orderId },
    ],
  });
  return workflowId;
}

/** Delivers an order report; signalling a report already processed is harmless (its recorded outcome is found). */
export function signalOrderReport(client: Client, taskQueue: string, job: OrderJob): Promise<string> {
  return signalOrder(client, taskQueue, job.integrationId, job.order.orderId, orderReportedSignal, [job]);
}

/** Delivers a stored refund; a refund already applied is found applied and changes nothing. */
export function signalOrderRefund(client: Client, taskQueue: string, refund: RefundJob): Promise<string> {
  return signalOrder(client, taskQueue, refund.integrationId, refund.orderId, refundReportedSignal, [refund]);
}
