import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { changeCreator, createCreator, findCreator, listCreators, type Creator } from '../../core/repositories/creators';
import { requireAdmin, type AdminContext, type AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createCreatorBody, patchCreatorBody, type creatorAnswer } from '../schemas/campaigns';

const creatorView = (c: Creator): z.infer<typeof creatorAnswer> => ({
  id: c.id,
  name: c.name,
  createdAt: c.createdAt.toISOString(),
  email: c.email,
  commission: c.commission,
  effectiveCommission: c.effectiveCommission,
});

const notFound = () => new AppError('not_found', 'No creator with that id in this workspace.');

/** A commission rule is money: only an Admin sets it (a Member may change name and email). */
function requireAdminForRule(ctx: AdminContext, body: { commission?: unknown }): void {
  if (body.commission !== undefined) requireAdmin(ctx);
}

export function mountCreatorRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/creators', async (ctx) => {
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(parsePage(ctx.query), (page) => listCreators(deps.db, workspaceId, page), creatorView);
  });

  router.post('/api/v1/creators', async (ctx) => {
    const body = parseBody(createCreatorBody, ctx.request.body);
    requireAdminForRule(ctx, body);
    ctx.status = 201;
    ctx.body = creatorView(await createCreator(deps.db, { workspaceId: ctx.state.principal.workspaceId, ...body }));
  });

  router.get('/api/v1/creators/:id', async (ctx) => {
    const creator = await findCreator(deps.db, String(ctx.params.id), ctx.state.principal.workspaceId);
    if (!creator) throw notFound();
    ctx.body = creatorView(creator);
  });

  router.patch('/api/v1/creators/:id', async (ctx) => {
    const body = parseBody(patchCreatorBody, ctx.request.body);
    requireAdminForRule(ctx, body);
    const creator = await changeCreator(deps.db, String(ctx.params.id), ctx.state.principal.workspaceId, body);
    if (!creator) throw notFound();
    ctx.body = creatorView(creator);
  });
}
