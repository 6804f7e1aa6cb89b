import type Router from '@koa/router';
import { listCommissions } from '../../core/commissions/list-commissions';
import { cancelPayout, findPayout, listPayouts, markPayoutPaid, previewPayouts, runPayouts } from '../../core/commissions/payouts';
import type { PayoutView } from '../../core/commissions/payout-view';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';
import { requireAdmin, type AdminContext, type AdminState } from '../auth';
import { toCsv } from '../csv';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { commissionFilterQuery, markPayoutPaidBody, payoutFilterQuery, payoutPreviewQuery, runPayoutsBody } from '../schemas/commissions';
import { pageQuery } from '../schemas/common';

const PAYOUT_CSV_COLUMNS = ['id', 'creatorId', 'creatorName', 'currency', 'amount', 'commissionCount', 'status', 'reference', 'createdAt', 'paidAt'] as const;

function payoutsCsv(payouts: PayoutView[]): string {
  return toCsv(
    [...PAYOUT_CSV_COLUMNS],
    payouts.map((p) => PAYOUT_CSV_COLUMNS.map((column) => p[column])),
  );
}

function wantsCsv(ctx: AdminContext, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return ctx.accepts('application/json', 'text/csv') === 'text/csv';
}

/** The query's filters, without the paging fields. */
function filtersOf<T extends { limit?: number; cursor?: string }>(query: T): Omit<T, 'limit' | 'cursor'> {
  const filter: Partial<T> = { ...query };
  delete filter.limit;
  delete filter.cursor;
  return filter as Omit<T, 'limit' | 'cursor'>;
}

/**
 * Commissions (everyone reads) and payouts (Members read; an Admin runs, pays and cancels them).
 * A payout run is one transaction in the request (see core/commissions/payouts.ts): it is short and
 * atomic, so a crash leaves no payout or a whole one, and running again is safe.
 */
export function mountCommissionAndPayoutRoutes(router: Router<AdminState>, deps: { db: Db; dispatchWebhookEvents: DispatchWebhookEvents; log: Logger }): void {
  const dispatch = (eventIds: string[]) => dispatchAfterCommit(deps.dispatchWebhookEvents, eventIds, deps.log);

  router.get('/api/v1/commissions', async (ctx) => {
    const query = parseBody(commissionFilterQuery, ctx.query);
    const filter = { workspaceId: ctx.state.principal.workspaceId, ...filtersOf(query) };
    ctx.body = await paginate(
      parsePage(parseBody(pageQuery, ctx.query)),
      (page) => listCommissions(deps.db, filter, page),
      (c) => c,
    );
  });

  router.get('/api/v1/payouts', async (ctx) => {
    const { format, ...query } = parseBody(payoutFilterQuery, ctx.query);
    const filter = { workspaceId: ctx.state.principal.workspaceId, ...filtersOf(query) };
    if (wantsCsv(ctx, format)) {
      ctx.attachment('payouts.csv');
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = payoutsCsv(await listPayouts(deps.db, filter));
      return;
    }
    ctx.body = await paginate(
      parsePage(parseBody(pageQuery, ctx.query)),
      (page) => listPayouts(deps.db, filter, page),
      (p) => p,
    );
  });

  router.get('/api/v1/payouts/preview', async (ctx) => {
    const scope = parseBody(payoutPreviewQuery, ctx.query);
    ctx.body = { data: await previewPayouts(deps.db, { workspaceId: ctx.state.principal.workspaceId, ...scope }) };
  });

  router.post('/api/v1/payouts', async (ctx) => {
    requireAdmin(ctx);
    const scope = parseBody(runPayoutsBody, ctx.request.body ?? {});
    const { payouts, eventIds } = await runPayouts(deps.db, { workspaceId: ctx.state.principal.workspaceId, ...scope });
    // A run may make a thousand payout.created events, each a delivery workflow to start: the Admin
    // does not wait for those. They are committed with the payouts; dispatched here after the answer,
    // else by the webhook sweep (dispatchAfterCommit never throws).
    void dispatch(eventIds);
    ctx.status = 201;
    ctx.body = { data: payouts };
  });

  router.get('/api/v1/payouts/:id', async (ctx) => {
    ctx.body = await findPayout(deps.db, ctx.state.principal.workspaceId, String(ctx.params.id));
  });

  router.post('/api/v1/payouts/:id/paid', async (ctx) => {
    requireAdmin(ctx);
    const { reference } = parseBody(markPayoutPaidBody, ctx.request.body ?? {});
    const { payout, eventIds } = await markPayoutPaid(deps.db, { workspaceId: ctx.state.principal.workspaceId, payoutId: String(ctx.params.id), reference });
    await dispatch(eventIds);
    ctx.body = payout;
  });

  router.post('/api/v1/payouts/:id/cancel', async (ctx) => {
    requireAdmin(ctx);
    ctx.body = await cancelPayout(deps.db, { workspaceId: ctx.state.principal.workspaceId, payoutId: String(ctx.params.id) });
  });
}
