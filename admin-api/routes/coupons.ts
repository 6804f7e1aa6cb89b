import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { couponEnablement, setEnabledIntegrations } from '../../core/repositories/enabled-integrations';
import { createCoupon, findCoupon, listCoupons, type Coupon } from '../../core/repositories/coupons';
import type { AdminState } from '../auth';
import { paginate, parsePage } from '../pagination';
import { parseBody } from '../parse-body';
import { createCouponBody, patchCouponBody, type couponAnswer } from '../schemas/campaigns';
import { assertOwnCreator, assertOwnIntegrations, uniqueOr409 } from '../workspace-refs';

const couponView = (c: Coupon): z.infer<typeof couponAnswer> => ({
  id: c.id,
  code: c.code,
  creatorId: c.creatorId,
  integrationIds: c.integrationIds,
  createdAt: c.createdAt.toISOString(),
});

export function mountCouponRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/coupons', async (ctx) => {
    const { workspaceId } = ctx.state.principal;
    ctx.body = await paginate(parsePage(ctx.query), (page) => listCoupons(deps.db, workspaceId, page), couponView);
  });

  router.post('/api/v1/coupons', async (ctx) => {
    const body = parseBody(createCouponBody, ctx.request.body);
    const { workspaceId } = ctx.state.principal;
    await assertOwnCreator(deps.db, workspaceId, body.creatorId);
    await assertOwnIntegrations(deps.db, workspaceId, body.integrationIds);
    const coupon = await uniqueOr409(
      () => createCoupon(deps.db, { workspaceId, creatorId: body.creatorId, code: body.code, integrationIds: body.integrationIds }),
      `The coupon code "${body.code}" already exists in this workspace (codes are compared ignoring case, character width and invisible characters).`,
      'code',
    );
    ctx.status = 201;
    ctx.body = couponView(coupon);
  });

  router.patch('/api/v1/coupons/:id', async (ctx) => {
    const body = parseBody(patchCouponBody, ctx.request.body);
    const { workspaceId } = ctx.state.principal;
    const coupon = await findCoupon(deps.db, String(ctx.params.id), workspaceId);
    if (!coupon) throw new AppError('not_found', 'No coupon with this id in your workspace.');
    await assertOwnIntegrations(deps.db, workspaceId, body.integrationIds);
    await setEnabledIntegrations(deps.db, couponEnablement, coupon, body.integrationIds);
    ctx.body = couponView((await findCoupon(deps.db, coupon.id, workspaceId)) as Coupon);
  });
}
