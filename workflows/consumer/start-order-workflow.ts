import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import type { OrderJob } from '../../core/queues';
import { findProcessedReportIds, recordOrderReports } from '../../core/repositories/orders';
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

/** Reports signalled at once per queue job: enough to overlap the round trips, few enough to be gentle. */
const SIGNALS_IN_PARALLEL = 32;

/**
 * Handles one orders queue job (see core/queues.ts reportsOf): records its reports in one insert
 * (append-only, idempotent on the report id), then signal-with-starts each order's workflow. When
 * the job is a retry, reports whose outcome is already recorded are not signalled again; a
 * report signalled twice is still harmless, the workflow finds its recorded outcome.
 */
export function createStartOrderWorkflows(deps: { db: Db; client: Client; taskQueue: string }) {
  return async function startOrderWorkflows(reports: OrderJob[], options: { isRetry: boolean }): Promise<void> {
    await recordOrderReports(
      deps.db,
      reports.map((job) => ({
        reportId: job.reportId,
        integrationId: job.integrationId,
        orderId: job.order.orderId,
        origin: job.origin,
        payload: job,
        receivedAt: new Date(job.receivedAt),
        workflowId: orderWorkflowId(job.integrationId, job.order.orderId),
      })),
    );
    const processed = options.isRetry
      ? await findProcessedReportIds(
          deps.db,
          reports.map((r) => r.reportId),
        )
      : new Set<string>();
    const toSignal = reports.filter((r) => !processed.has(r.reportId));
    const failures: unknown[] = [];
    for (let i = 0; i < toSignal.length; i += SIGNALS_IN_PARALLEL) {
      const results = await Promise.allSettled(toSignal.slice(i, i + SIGNALS_IN_PARALLEL).map((job) => signalOrderWorkflow(deps.client, deps.taskQueue, job)));
      for (const r of results) if (r.status === 'rejected') failures.push(r.reason);
    }
    // Every report is tried before the job fails, so one bad moment does not hold back the rest.
    if (failures.length) throw new AggregateError(failures, `${failures.length} of ${toSignal.length} order workflows could not be signalled`);
  };
}
