import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { signalOrderRefund } from '../../core/order-workflow-signals';
import type { RefundJob } from '../../core/queues';
import { findOrderDetail, findOrderRef } from '../../core/repositories/order-detail';
import { storeRefund } from '../../core/repositories/refunds';
import type { TemporalClientProvider } from '../../core/temporal-client';
import { requireAdmin, type AdminContext, type AdminState } from '../auth';
import { parseBody } from '../parse-body';
import { createRefundBody, type orderDetailAnswer, type refundQueuedAnswer } from '../schemas/orders';

export type OrderDetailRouteDeps = { db: Db; temporal: TemporalClientProvider; taskQueue: string; log: Logger; temporalUi?: TemporalUi };

/** The Temporal Web UI (TEMPORAL_UI_URL) and the namespace the workflows run in. */
export type TemporalUi = { url: string; namespace: string };

/**
 * The UI's list of the order's workflow runs: a report and a later refund are runs of their own
 * with one workflow id, and a link to the id alone would open only the latest run.
 */
export function workflowUrl(ui: TemporalUi, workflowId: string): string {
  const query = `WorkflowId="${workflowId.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return `${ui.url}/namespaces/${encodeURIComponent(ui.namespace)}/workflows?query=${encodeURIComponent(query)}`;
}

const notFound = () => new AppError('not_found', 'No order with this id in your workspace.');
const orderRowId = (ctx: AdminContext) => String(ctx.params.id);

/** GET /api/v1/orders/:id (the order in full) and POST /api/v1/orders/:id/refunds (a person's clawback). */
export function mountOrderDetailRoutes(router: Router<AdminState>, deps: OrderDetailRouteDeps): void {
  router.get('/api/v1/orders/:id', async (ctx) => {
    const detail = await findOrderDetail(deps.db, ctx.state.principal.workspaceId, orderRowId(ctx));
    if (!detail) throw notFound();
    const answer: z.infer<typeof orderDetailAnswer> = deps.temporalUi ? { ...detail, workflowUrl: workflowUrl(deps.temporalUi, detail.workflowId) } : detail;
    ctx.body = answer;
  });

  /** Kept first (idempotent on refundId), then delivered to the order's workflow, which applies it. */
  router.post('/api/v1/orders/:id/refunds', async (ctx) => {
    requireAdmin(ctx);
    const body = parseBody(createRefundBody, ctx.request.body);
    const { workspaceId } = ctx.state.principal;
    const order = await findOrderRef(deps.db, workspaceId, orderRowId(ctx));
    if (!order) throw notFound();
    const refund: RefundJob = {
      workspaceId,
      integrationId: order.integrationId,
      orderId: order.orderId,
      refundId: body.refundId ?? `admin_${randomString(20)}`,
      value: body.value,
      currency: body.currency,
      source: 'admin',
      receivedAt: new Date().toISOString(),
    };
    const stored = await storeRefund(deps.db, refund);
    if (stored.conflict) {
      throw new AppError('idempotency_conflict', 'refundId: this refundId is already kept for another order, value or currency.', { field: 'refundId' });
    }
    const context = { integrationId: order.integrationId, orderId: order.orderId, refundId: refund.refundId, created: stored.created };
    try {
      await signalOrderRefund(await deps.temporal(), deps.taskQueue, refund);
    } catch (err) {
      deps.log.error({ ...context, err: (err as Error).message }, 'could not deliver a refund to its order workflow');
      throw new AppError('service_unavailable', 'The refund is kept but its order workflow could not be reached; send the same refundId again.', {
        refundId: refund.refundId,
      });
    }
    deps.log.info(context, 'refund queued');
    const answer: z.infer<typeof refundQueuedAnswer> = { status: 'queued', refundId: refund.refundId };
    ctx.status = 202;
    ctx.body = answer;
  });
}
