import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import { createApplyRefund } from './apply-refund';
import { createApproveCommissionBatch } from './approve-commission-batch';
import { createCheckPixelActivity } from './check-pixel-activity';
import { createExpireConfirmation } from './expire-confirmation';
import { createExpireStrandedOrders } from './expire-stranded-orders';
import { createProcessOrderReport } from './process-order-report';
import { createReconcileActivities } from './reconcile-orders';
import { createSweepIntegrations } from './sweep-integrations';
import { createWebhookActivities, type WebhookActivityDeps } from './webhooks';

/** Activities are plain async functions built from their dependencies (see the worker). */
export function createActivities(deps: { db: Db; client: Client; confirmationHourSeconds: number; commissionDaySeconds?: number } & WebhookActivityDeps) {
  const webhooks = createWebhookActivities(deps);
  const orderEvents = { dispatch: webhooks.dispatchWebhookEvents, log: deps.log };
  const expireConfirmation = createExpireConfirmation(deps.db, orderEvents);
  return {
    processOrderReport: createProcessOrderReport(deps.db, {
      confirmationHourSeconds: deps.confirmationHourSeconds,
      commissionDaySeconds: deps.commissionDaySeconds,
      webhooks: orderEvents,
    }),
    applyRefund: createApplyRefund(deps.db, orderEvents),
    expireConfirmation,
    expireStrandedOrders: createExpireStrandedOrders({ db: deps.db, client: deps.client, expireConfirmation }),
    checkPixelActivity: createCheckPixelActivity(deps.db, webhooks.dispatchWebhookEvents, deps.log),
    sweepIntegrations: createSweepIntegrations(deps.db),
    ...createReconcileActivities(deps),
    approveCommissionBatch: createApproveCommissionBatch(deps.db, orderEvents),
    ...webhooks,
  };
}

export type Activities = ReturnType<typeof createActivities>;
