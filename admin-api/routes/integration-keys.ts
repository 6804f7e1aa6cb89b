import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { createIntegrationKey, listIntegrationKeys, revokeIntegrationKey, type IntegrationKey } from '../../core/repositories/integration-keys';
import { requireAdmin, type AdminContext, type AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createIntegrationKeyBody, type createdIntegrationKeyAnswer, type integrationKeyAnswer } from '../schemas/integration-keys';
import { findOwnIntegration } from '../workspace-refs';

const integrationKeyView = (k: IntegrationKey): z.infer<typeof integrationKeyAnswer> => ({
  id: k.id,
  name: k.name,
  lastFour: k.lastFour,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export type IntegrationKeyRouteDeps = {
  db: Db;
  /** Announces the change so that every ingest copy forgets the integration's cached keys at once. */
  onIntegrationChanged: (integrationId: string) => void;
};

/**
 * Secret keys of an integration, for the store's server: an Admin creates (the secret shown once)
 * and revokes them, a Member lists them (never a secret nor its hash).
 */
export function mountIntegrationKeyRoutes(router: Router<AdminState>, deps: IntegrationKeyRouteDeps): void {
  const ownIntegration = (ctx: AdminContext) => findOwnIntegration(deps.db, ctx.state.principal.workspaceId, String(ctx.params.id));

  router.get('/api/v1/integrations/:id/keys', async (ctx) => {
    const integration = await ownIntegration(ctx);
    ctx.body = await paginate(parsePage(ctx.query), (page) => listIntegrationKeys(deps.db, integration.workspaceId, integration.id, page), integrationKeyView);
  });

  router.post('/api/v1/integrations/:id/keys', async (ctx) => {
    requireAdmin(ctx);
    const integration = await ownIntegration(ctx);
    const { name } = parseBody(createIntegrationKeyBody, ctx.request.body);
    if (integration.status === 'disconnected') {
      throw new AppError('integration_disconnected', 'This integration was disconnected; add a new integration to report orders again.');
    }
    const { key, secret } = await createIntegrationKey(deps.db, { workspaceId: integration.workspaceId, integrationId: integration.id, name });
    ctx.status = 201;
    const { id, lastFour, createdAt } = integrationKeyView(key);
    const answer: z.infer<typeof createdIntegrationKeyAnswer> = { id, name: key.name, key: secret, lastFour, createdAt };
    ctx.body = answer;
  });

  router.delete('/api/v1/integrations/:id/keys/:keyId', async (ctx) => {
    requireAdmin(ctx);
    const integration = await ownIntegration(ctx);
    const key = await revokeIntegrationKey(deps.db, integration.workspaceId, integration.id, String(ctx.params.keyId));
    if (!key) throw new AppError('not_found', 'No secret key with this id on this integration.');
    deps.onIntegrationChanged(integration.id);
    ctx.body = integrationKeyView(key);
  });
}
