import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { workspaceOverview } from '../../core/repositories/overview';
import type { AdminState } from '../auth';
import { DAY_SERIES_LIMITS, dateRangeQuery, dayRange } from '../date-range';
import { parseBody } from '../parse-body';

/** GET /api/v1/reports/overview?from=&to=: the landing page's totals, day series and top creators (default: the last 30 days). */
export function mountOverviewRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/reports/overview', async (ctx) => {
    const { from, to } = dayRange(parseBody(dateRangeQuery, ctx.query), DAY_SERIES_LIMITS);
    const overview = await workspaceOverview(deps.db, { workspaceId: ctx.state.principal.workspaceId, from, to });
    ctx.body = { from: from.toISOString(), to: to.toISOString(), ...overview };
  });
}
