import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { findCreator } from '../../core/repositories/creators';
import { creatorRevenueByDay } from '../../core/repositories/creator-revenue';
import type { AdminState } from '../auth';
import { dateRangeQuery } from '../date-range';
import { parseBody } from '../parse-body';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Without `from`, the series covers the 30 days before `to` (or now). */
const DEFAULT_DAYS = 30;
/** A day series longer than this is a different report (months), not a chart of days. */
const MAX_DAYS = 400;

/** GET /api/v1/reports/creators/:creatorId/revenue: one creator's credited revenue per UTC day and currency. */
export function mountCreatorRevenueRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/reports/creators/:creatorId/revenue', async (ctx) => {
    const range = parseBody(dateRangeQuery, ctx.query);
    const { workspaceId } = ctx.state.principal;
    const creator = await findCreator(deps.db, String(ctx.params.creatorId), workspaceId);
    if (!creator) throw new AppError('not_found', 'No creator with this id in your workspace.');
    const to = range.to ?? new Date();
    const from = range.from ?? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
    if (from >= to) throw new AppError('validation_failed', 'from: must be before to', { field: 'from' });
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) throw new AppError('validation_failed', `to: at most ${MAX_DAYS} days after from`, { field: 'to' });
    const days = await creatorRevenueByDay(deps.db, { workspaceId, creatorId: creator.id, from, to });
    ctx.body = { creatorId: creator.id, name: creator.name, from: from.toISOString(), to: to.toISOString(), data: days };
  });
}
