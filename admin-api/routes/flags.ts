import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { listOrderFlags } from '../../core/repositories/order-flags';
import type { AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { flagFilterQuery } from '../schemas/flags';

/** GET /api/v1/flags?kind=&integrationId=: reconciliation's flags, newest first, each with its order. */
export function mountFlagRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/flags', async (ctx) => {
    const { kind, integrationId } = parseBody(flagFilterQuery, ctx.query);
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(
      parsePage(ctx.query),
      (page) => listOrderFlags(deps.db, { workspaceId, kind, integrationId, ...page }),
      (flag) => flag,
    );
  });
}
