import type Router from '@koa/router';
import { z } from 'zod';
import type { Db } from '../../core/db';
import { createCreator, listCreators, type Creator } from '../../core/repositories/creators';
import type { AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';

const createCreatorBody = z.object({ name: z.string().trim().min(1).max(200) });

const creatorView = (c: Creator) => ({ id: c.id, name: c.name, createdAt: c.createdAt.toISOString() });

export function mountCreatorRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/creators', async (ctx) => {
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(parsePage(ctx.query), (page) => listCreators(deps.db, workspaceId, page), creatorView);
  });

  router.post('/api/v1/creators', async (ctx) => {
    const { name } = parseBody(createCreatorBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = creatorView(await createCreator(deps.db, { workspaceId: ctx.state.principal.workspaceId, name }));
  });
}
