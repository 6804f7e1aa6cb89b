import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { createCreator, listCreators, type Creator } from '../../core/repositories/creators';
import type { AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createCreatorBody, type creatorAnswer } from '../schemas/campaigns';

const creatorView = (c: Creator): z.infer<typeof creatorAnswer> => ({ id: c.id, name: c.name, createdAt: c.createdAt.toISOString() });

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
