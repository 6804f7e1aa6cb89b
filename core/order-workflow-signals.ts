import type { Client, WorkflowStartOptions } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { OrderJob, RefundJob } from './queues';
import { orderReportedSignal, orderWorkflowId, refundReportedSignal, searchAttributeKeys, workflowTypes } from './temporal';

/** How a report or refund reaches its order's workflow; see deliverToOrder. */
export type OrderDeliveryOptions = {
  /**
   * Eager Workflow Start: the server hands a new workflow's first task straight back to this
   * process's worker. Only for a client built on the NativeConnection of a worker polling the
   * task queue in the same process.
   */
  eagerStart?: boolean;
};

/** What a new run is started with: the signal it would otherwise have received (see process-order.ts CarriedOrderState). */
type FirstSignal = { kind: 'report'; job: OrderJob } | { kind: 'refund'; refund: RefundJob };

/** A workflow that closes between our start and our signal is started again; more than this is a bug, not a race. */
const ATTEMPTS = 3;

/**
 * Everything about one (integration, order id) goes through that order's one workflow, in arrival
 * order (the same workflow id, readable in the Temporal UI). Used by the queue consumer, by
 * reconciliation and by the admin API (a person's refund).
 *
 * By default, signal-with-start: the running workflow receives the signal, or a new run starts
 * with it. Signal-with-start cannot be eager, so with `eagerStart` a plain start carries the
 * report as the new run's first signal; when the order's workflow is already running the start
 * fails and the report is signalled to it instead; when it closed in between, a new run starts.
 */
async function deliverToOrder(
  client: Client,
  taskQueue: string,
  order: { integrationId: string; orderId: string },
  first: FirstSignal,
  signal: () => Promise<void>,
  options: OrderDeliveryOptions,
): Promise<string> {
  const workflowId = orderWorkflowId(order.integrationId, order.orderId);
  const startOptions: Pick<WorkflowStartOptions, 'taskQueue' | 'workflowId' | 'workflowIdReusePolicy' | 'typedSearchAttributes'> = {
    taskQueue,
    workflowId,
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    // No execution timeout: the workflow bounds itself (one minute for its first signal, a day of
    // retries for each report, the confirmation window), and a timeout would cost the server a
    // timer for every order.
    typedSearchAttributes: [
      { key: searchAttributeKeys.integrationId, value: order.integrationId },
      { key: searchAttributeKeys.orderId, value: order.orderId },
    ],
  };
  if (!options.eagerStart) {
    const [signalDef, signalArgs] = first.kind === 'report' ? [orderReportedSignal, [first.job]] : [refundReportedSignal, [first.refund]];
    await client.workflow.signalWithStart(workflowTypes.processOrder, {
      ...startOptions,
      args: [],
      signal: signalDef as typeof orderReportedSignal,
      signalArgs: signalArgs as [OrderJob],
    });
    return workflowId;
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.workflow.start(workflowTypes.processOrder, {
        ...startOptions,
        args: [{ signals: [first], awaitingConfirmationUntil: null }],
        requestEagerStart: true,
      });
      return workflowId;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    try {
      await signal();
      return workflowId;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || attempt >= ATTEMPTS) throw err;
    }
  }
}

/** Delivers an order report; delivering a report already processed is harmless (its recorded outcome is found). */
export function signalOrderReport(client: Client, taskQueue: string, job: OrderJob, options: OrderDeliveryOptions = {}): Promise<string> {
  const order = { integrationId: job.integrationId, orderId: job.order.orderId };
  const handle = () => client.workflow.getHandle(orderWorkflowId(order.integrationId, order.orderId));
  return deliverToOrder(client, taskQueue, order, { kind: 'report', job }, () => handle().signal(orderReportedSignal, job), options);
}

/** Delivers a stored refund; a refund already applied is found applied and changes nothing. */
export function signalOrderRefund(client: Client, taskQueue: string, refund: RefundJob, options: OrderDeliveryOptions = {}): Promise<string> {
  const order = { integrationId: refund.integrationId, orderId: refund.orderId };
  const handle = () => client.workflow.getHandle(orderWorkflowId(order.integrationId, order.orderId));
  return deliverToOrder(client, taskQueue, order, { kind: 'refund', refund }, () => handle().signal(refundReportedSignal, refund), options);
}
