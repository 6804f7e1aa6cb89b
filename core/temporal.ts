import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineSignal } from '@temporalio/workflow';
import type { OrderJob, RefundJob } from './queues';

/** Names shared by the workflow code, the worker, the queue consumer and the admin API. */
export const workflowTypes = {
  processOrder: 'processOrder',
  verifyIntegration: 'verifyIntegration',
  sweepVerifications: 'sweepVerifications',
  reconcileOrders: 'reconcileOrders',
  deliverWebhook: 'deliverWebhook',
  sweepWebhookEvents: 'sweepWebhookEvents',
  approveDueCommissions: 'approveDueCommissions',
} as const;

/** Every report of an order is delivered to that order's one workflow by signal-with-start. */
export const orderReportedSignal = defineSignal<[OrderJob]>('orderReported');

/** Refunds go through the same workflow, in arrival order with the order's reports. */
export const refundReportedSignal = defineSignal<[RefundJob]>('refundReported');

/** Custom search attributes, registered on the dev server by scripts/temporal-dev-server.sh. */
export const searchAttributeKeys = {
  integrationId: defineSearchAttributeKey('IntegrationId', SearchAttributeType.KEYWORD),
  orderId: defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD),
  creatorId: defineSearchAttributeKey('CreatorId', SearchAttributeType.KEYWORD),
  outcome: defineSearchAttributeKey('Outcome', SearchAttributeType.KEYWORD),
  webhookEndpointId: defineSearchAttributeKey('WebhookEndpointId', SearchAttributeType.KEYWORD),
  webhookEventType: defineSearchAttributeKey('WebhookEventType', SearchAttributeType.KEYWORD),
};

/** Readable and deterministic: the Temporal UI finds an order by its id. */
export function orderWorkflowId(integrationId: string, orderId: string): string {
  return `order/${integrationId}/${orderId}`;
}

export function verificationWorkflowId(integrationId: string): string {
  return `verify/${integrationId}`;
}

/** One verification-sweep Schedule per task queue (a deployment has one; each test has its own). */
export function verificationSweepScheduleId(taskQueue: string): string {
  return `verification-sweep/${taskQueue}`;
}

/** One reconciliation Schedule per task queue, like the verification sweep. */
export function reconciliationScheduleId(taskQueue: string): string {
  return `reconciliation/${taskQueue}`;
}

/** Reconciliation re-drives reports still without an outcome this long after they were received. */
export const DEFAULT_STUCK_AFTER_MINUTES = 10;

/** One delivery workflow per (endpoint, event): a second start of the same pair is refused by Temporal. */
export function webhookDeliveryWorkflowId(endpointId: string, eventId: string): string {
  return `webhook/${endpointId}/${eventId}`;
}

/** One webhook outbox sweep Schedule per task queue. */
export function webhookSweepScheduleId(taskQueue: string): string {
  return `webhook-sweep/${taskQueue}`;
}

/** One commission-approval Schedule per task queue (issue 27). */
export function commissionApprovalScheduleId(taskQueue: string): string {
  return `commission-approval/${taskQueue}`;
}
