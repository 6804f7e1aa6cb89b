import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { changeWorkspaceSettings, findWorkspaceSettings, type WorkspaceSettings } from '../../core/repositories/workspace-settings';
import { requireAdmin, type AdminState } from '../auth';
import { parseBody } from '../parse-body';
import { sealSecret } from '../../core/webhooks/secret-box';
import { patchWorkspaceBody } from '../schemas/workspace';

function found(settings: WorkspaceSettings | null): WorkspaceSettings {
  // The token was valid a moment ago; its workspace vanishing in between is the same as a revoked token.
  if (!settings) throw new AppError('unauthorized', 'A valid API token is required: Authorization: Bearer <token>.');
  return settings;
}

/** GET /api/v1/workspace (everyone) and PATCH (Admin): the workspace's name and attribution window. */
export function mountWorkspaceRoutes(router: Router<AdminState>, deps: { db: Db; secretKey: Buffer }): void {
  router.get('/api/v1/workspace', async (ctx) => {
    ctx.body = found(await findWorkspaceSettings(deps.db, ctx.state.principal.workspaceId));
  });

  router.patch('/api/v1/workspace', async (ctx) => {
    requireAdmin(ctx);
    const { sso, ...change } = parseBody(patchWorkspaceBody, ctx.request.body);
    const { workspaceId } = ctx.state.principal;
    const sealed = sso && {
      issuer: sso.issuer,
      clientId: sso.clientId,
      clientSecretSealed: sealSecret(deps.secretKey, `sso:${workspaceId}`, sso.clientSecret),
    };
    ctx.body = found(await changeWorkspaceSettings(deps.db, workspaceId, { ...change, ...(sealed && { sso: sealed }) }));
  });

  /** Single sign-on off: PATCH cannot do it (a field sent as null counts as absent, DESIGN.md). */
  router.delete('/api/v1/workspace/sso', async (ctx) => {
    requireAdmin(ctx);
    ctx.body = found(await changeWorkspaceSettings(deps.db, ctx.state.principal.workspaceId, { sso: null }));
  });
}
