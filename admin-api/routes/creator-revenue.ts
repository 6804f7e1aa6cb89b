import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { findCreator } from '../../core/repositories/creators';
import { creatorRevenueByDay } from '../../core/repositories/creator-revenue';
import type { AdminState } from '../auth';
import { DAY_SERIES_LIMITS, dateRangeQuery, dayRange } from '../date-range';
import { parseBody } from '../parse-body';

/** GET /api/v1/reports/creators/:creatorId/revenue: one creator's credited revenue per UTC day and currency. */
export function mountCreatorRevenueRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/reports/creators/:creatorId/revenue', async (ctx) => {
    const range = parseBody(dateRangeQuery, ctx.query);
    const { workspaceId } = ctx.state.principal;
    const creator = await findCreator(deps.db, String(ctx.params.creatorId), workspaceId);
    if (!creator) throw new AppError('not_found', 'No creator with this id in your workspace.');
    const { from, to } = dayRange(range, DAY_SERIES_LIMITS);
    const days = await creatorRevenueByDay(deps.db, { workspaceId, creatorId: creator.id, from, to });
    ctx.body = { creatorId: creator.id, name: creator.name, from: from.toISOString(), to: to.toISOString(), data: days };
  });
}
