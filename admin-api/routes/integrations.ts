import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { RefusalLog } from '../../core/refusal-log';
import { parseWebsiteUrl } from '../../core/domain/origin';
import { integrationFacts } from '../../core/repositories/troubleshooting';
import {
  createIntegration,
  disconnectIntegration,
  findIntegration,
  listIntegrations,
  listSignals,
  recentSignals,
  updateConfirmationSettings,
  type Integration,
} from '../../core/repositories/integrations';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { requireAdmin, type AdminContext, type AdminState } from '../auth';
import { ORIGINS_LISTED, integrationView } from '../integration-view';
import { troubleshootingView } from '../troubleshooting-view';
import { parseBody } from '../parse-body';
import { createIntegrationBody, patchIntegrationBody } from '../schemas/integrations';
import type { VerifyIntegration } from '../verify-integration';

export type IntegrationRouteDeps = {
  db: Db;
  /** PUBLIC_INGEST_URL: the snippets name it. */
  publicIngestUrl: string;
  verifyIntegration: VerifyIntegration;
  onIntegrationChanged: (id: string) => void;
  refusals: RefusalLog;
  log: Logger;
  dispatchWebhookEvents: DispatchWebhookEvents;
};

export function mountIntegrationRoutes(router: Router<AdminState>, deps: IntegrationRouteDeps): void {
  async function ownIntegration(ctx: AdminContext) {
    const integration = await findIntegration(deps.db, String(ctx.params.id), ctx.state.principal.workspaceId);
    if (!integration) throw new AppError('not_found', 'No integration with this id in your workspace.');
    return integration;
  }

  /** Counts live in Redis: if it cannot answer, the integration is still shown, with refusals null. */
  async function refusalCounts(integrationId: string): Promise<Record<string, number> | null> {
    try {
      return await deps.refusals.read(integrationId);
    } catch (err) {
      deps.log.warn({ integrationId, err: (err as Error).message }, 'could not read refusal counts');
      return null;
    }
  }

  router.get('/api/v1/integrations', async (ctx) => {
    const integrations = await listIntegrations(deps.db, ctx.state.principal.workspaceId);
    ctx.body = { data: integrations.map((i) => integrationView(i, deps.publicIngestUrl)) };
  });

  router.post('/api/v1/integrations', async (ctx) => {
    requireAdmin(ctx);
    const body = parseBody(createIntegrationBody, ctx.request.body);
    const { websiteUrl, origin } = parseWebsiteUrl(body.websiteUrl);
    const integration = await createIntegration(deps.db, { workspaceId: ctx.state.principal.workspaceId, websiteUrl, origin });
    ctx.status = 201;
    ctx.body = integrationView(integration, deps.publicIngestUrl);
  });

  router.get('/api/v1/integrations/:id', async (ctx) => {
    const integration = await ownIntegration(ctx);
    const [origins, refusals] = await Promise.all([
      recentSignals(deps.db, integration.workspaceId, integration.id, { limit: ORIGINS_LISTED }),
      refusalCounts(integration.id),
    ]);
    ctx.body = integrationView(integration, deps.publicIngestUrl, { signals: origins.signals, originsTotal: origins.total, refusals });
  });

  router.patch('/api/v1/integrations/:id', async (ctx) => {
    requireAdmin(ctx);
    const settings = parseBody(patchIntegrationBody, ctx.request.body);
    const integration = await ownIntegration(ctx);
    const updated = (await updateConfirmationSettings(deps.db, integration.workspaceId, integration.id, settings)) as Integration;
    deps.onIntegrationChanged(integration.id);
    deps.log.info({ integrationId: integration.id, ...settings }, 'integration confirmation settings changed');
    ctx.body = integrationView(updated, deps.publicIngestUrl);
  });

  router.get('/api/v1/integrations/:id/troubleshooting', async (ctx) => {
    const integration = await ownIntegration(ctx);
    const [facts, signals, refusals] = await Promise.all([
      integrationFacts(deps.db, integration.workspaceId, integration.id),
      listSignals(deps.db, integration.workspaceId, integration.id),
      refusalCounts(integration.id),
    ]);
    ctx.body = troubleshootingView(integration, facts, signals, refusals);
  });

  router.post('/api/v1/integrations/:id/verify', async (ctx) => {
    requireAdmin(ctx);
    const answer = await deps.verifyIntegration(await ownIntegration(ctx));
    if (answer.status === 'connected') deps.onIntegrationChanged(answer.id);
    ctx.body = answer;
  });

  router.post('/api/v1/integrations/:id/disconnect', async (ctx) => {
    requireAdmin(ctx);
    const integration = await ownIntegration(ctx);
    const webhookEventId = await disconnectIntegration(deps.db, integration.workspaceId, integration.id);
    deps.onIntegrationChanged(integration.id);
    await dispatchAfterCommit(deps.dispatchWebhookEvents, [webhookEventId], deps.log);
    ctx.body = { id: integration.id, status: 'disconnected' };
  });
}
