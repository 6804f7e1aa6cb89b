import type Router from '@koa/router';
import type { Config } from '../../core/config';
import type { Db } from '../../core/db';
import { newId } from '../../core/domain/ids';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { listDeliveries } from '../../core/webhooks/deliveries';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { createEndpoint, deleteEndpoint, findEndpoint, listEndpoints, rotateSecret, updateEndpoint } from '../../core/webhooks/endpoints';
import { recordWebhookEvent } from '../../core/webhooks/record-webhook-event';
import { checkWebhookUrl, type Resolve } from '../../core/webhooks/url-policy';
import { requireAdmin, type AdminContext, type AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createWebhookBody, patchWebhookBody } from '../schemas/webhooks';
import { webhookDeliveryView, webhookEndpointView } from '../webhook-view';

export type WebhookRouteDeps = {
  db: Db;
  log: Logger;
  webhooks: Config['webhooks'] & { resolve?: Resolve };
  dispatchWebhookEvents: DispatchWebhookEvents;
};

/** Webhook endpoints of the caller's workspace (Admin only): create, list, change, delete, test, deliveries, secret rotation. */
export function mountWebhookRoutes(router: Router<AdminState>, deps: WebhookRouteDeps): void {
  async function ownEndpoint(ctx: AdminContext) {
    requireAdmin(ctx);
    const endpoint = await findEndpoint(deps.db, String(ctx.params.id), ctx.state.principal.workspaceId);
    if (!endpoint) throw new AppError('not_found', 'No webhook endpoint with this id in your workspace.');
    return endpoint;
  }

  async function acceptableUrl(raw: string): Promise<string> {
    const checked = await checkWebhookUrl(raw, deps.webhooks);
    if (!checked.ok) throw new AppError('invalid_webhook_url', `url: ${checked.reason}`, { field: 'url' });
    return checked.url.toString();
  }

  router.post('/api/v1/webhooks', async (ctx) => {
    requireAdmin(ctx);
    const body = parseBody(createWebhookBody, ctx.request.body);
    const url = await acceptableUrl(body.url);
    const { endpoint, secret } = await createEndpoint(deps.db, deps.webhooks.secretKey, {
      workspaceId: ctx.state.principal.workspaceId,
      url,
      events: body.events,
    });
    ctx.status = 201;
    ctx.body = { ...webhookEndpointView(endpoint), secret };
  });

  router.get('/api/v1/webhooks', async (ctx) => {
    requireAdmin(ctx);
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(parsePage(ctx.query), (page) => listEndpoints(deps.db, workspaceId, page), webhookEndpointView);
  });

  router.get('/api/v1/webhooks/:id', async (ctx) => {
    ctx.body = webhookEndpointView(await ownEndpoint(ctx));
  });

  router.patch('/api/v1/webhooks/:id', async (ctx) => {
    const endpoint = await ownEndpoint(ctx);
    const body = parseBody(patchWebhookBody, ctx.request.body);
    const url = body.url === undefined ? undefined : await acceptableUrl(body.url);
    const updated = await updateEndpoint(deps.db, endpoint.id, endpoint.workspaceId, { url, events: body.events, status: body.status });
    ctx.body = webhookEndpointView(updated ?? endpoint);
  });

  router.delete('/api/v1/webhooks/:id', async (ctx) => {
    const endpoint = await ownEndpoint(ctx);
    await deleteEndpoint(deps.db, endpoint.id, endpoint.workspaceId);
    ctx.body = { id: endpoint.id, deleted: true };
  });

  router.post('/api/v1/webhooks/:id/test', async (ctx) => {
    const endpoint = await ownEndpoint(ctx);
    if (endpoint.status !== 'enabled') throw new AppError('conflict', 'This endpoint is disabled; enable it (PATCH status "enabled") to send a test.');
    const eventId = await recordWebhookEvent(deps.db, {
      workspaceId: endpoint.workspaceId,
      type: 'webhook.test',
      endpointId: endpoint.id,
      dedupeKey: `webhook.test:${newId('evt')}`,
      data: { endpointId: endpoint.id, message: 'A test event from InfluTrace.' },
    });
    await dispatchAfterCommit(deps.dispatchWebhookEvents, [eventId], deps.log);
    ctx.status = 202;
    ctx.body = { eventId };
  });

  router.get('/api/v1/webhooks/:id/deliveries', async (ctx) => {
    const endpoint = await ownEndpoint(ctx);
    ctx.body = await paginate(parsePage(ctx.query), (page) => listDeliveries(deps.db, endpoint.workspaceId, endpoint.id, page), webhookDeliveryView);
  });

  router.post('/api/v1/webhooks/:id/rotate-secret', async (ctx) => {
    const endpoint = await ownEndpoint(ctx);
    const rotated = await rotateSecret(deps.db, deps.webhooks.secretKey, endpoint);
    if (!rotated) throw new AppError('not_found', 'No webhook endpoint with this id in your workspace.');
    ctx.body = { id: endpoint.id, secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString() };
  });
}
