import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { findToken, listTokens, revokeToken, type ApiToken } from '../../core/repositories/tokens';
import { issueToken } from '../../core/repositories/workspaces';
import { requireAdmin, type AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createTokenBody, type tokenAnswer } from '../schemas/members';

const tokenView = (t: ApiToken): z.infer<typeof tokenAnswer> => ({
  id: t.id,
  name: t.name,
  userId: t.userId,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** API tokens of the caller's workspace: listed without their secret, created for the caller, revoked. */
export function mountTokenRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/tokens', async (ctx) => {
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(parsePage(ctx.query), (page) => listTokens(deps.db, workspaceId, page), tokenView);
  });

  router.post('/api/v1/tokens', async (ctx) => {
    requireAdmin(ctx);
    const { name } = parseBody(createTokenBody, ctx.request.body);
    const { workspaceId, userId } = ctx.state.principal;
    const { id, token } = await issueToken(deps.db, { workspaceId, userId, name });
    ctx.status = 201;
    ctx.body = { ...tokenView((await findToken(deps.db, workspaceId, id)) as ApiToken), token };
  });

  /** An Admin revokes any token of the workspace; a Member only their own. */
  router.delete('/api/v1/tokens/:id', async (ctx) => {
    const { workspaceId, userId, role } = ctx.state.principal;
    const token = await findToken(deps.db, workspaceId, String(ctx.params.id));
    if (!token) throw new AppError('not_found', 'No token with this id in your workspace.');
    if (role !== 'admin' && token.userId !== userId) requireAdmin(ctx);
    ctx.body = tokenView((await revokeToken(deps.db, workspaceId, token.id)) as ApiToken);
  });
}
