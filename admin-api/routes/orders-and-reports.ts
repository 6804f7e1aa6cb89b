import type Router from '@koa/router';
import { z } from 'zod';
import type { Db } from '../../core/db';
import { listOrders, reportByCreator } from '../../core/repositories/orders';
import type { AdminState } from '../auth';
import { parseBody } from '../parse-body';

const orderFilter = z.object({
  integrationId: z.string().max(64).optional(),
  creatorId: z.string().max(64).optional(),
  status: z.enum(['credited', 'skipped']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function mountOrderAndReportRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/orders', async (ctx) => {
    const filter = parseBody(orderFilter, ctx.query);
    ctx.body = { data: await listOrders(deps.db, { workspaceId: ctx.state.principal.workspaceId, ...filter }) };
  });

  router.get('/api/v1/reports/creators', async (ctx) => {
    ctx.body = { data: await reportByCreator(deps.db, ctx.state.principal.workspaceId) };
  });
}
