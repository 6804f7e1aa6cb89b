import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import { foldCouponCode } from '../coupon-codes/fold-coupon-code';
import { couponEnablement, setEnabledIntegrations, withEnabledIntegrations } from './enabled-integrations';

export type Coupon = { id: string; workspaceId: WorkspaceId; creatorId: string; code: string; integrationIds: string[]; createdAt: Date };

type CouponRow = { id: string; workspace_id: WorkspaceId; creator_id: string; code: string; created_at: Date };

function withIntegrations(db: Db, rows: CouponRow[]): Promise<Coupon[]> {
  return withEnabledIntegrations(db, couponEnablement, rows, (r, integrationIds) => ({
    id: r.id,
    workspaceId: r.workspace_id,
    creatorId: r.creator_id,
    code: r.code,
    integrationIds,
    createdAt: r.created_at,
  }));
}

export async function createCoupon(db: Db, input: { workspaceId: WorkspaceId; creatorId: string; code: string; integrationIds: string[] }): Promise<Coupon> {
  const id = newId('cpn');
  await db.transaction(async (trx) => {
    await trx('coupons').insert({
      id,
      workspace_id: input.workspaceId,
      creator_id: input.creatorId,
      code: input.code.trim(),
      // Unique per workspace: two codes that fold alike are one code (409).
      code_normalized: foldCouponCode(input.code),
    });
    await setEnabledIntegrations(trx, couponEnablement, { workspaceId: input.workspaceId, id }, input.integrationIds);
  });
  return (await findCoupon(db, id, input.workspaceId)) as Coupon;
}

export async function findCoupon(db: Db, id: string, workspaceId: WorkspaceId): Promise<Coupon | null> {
  const [coupon] = await withIntegrations(db, await db<CouponRow>('coupons').where({ id, workspace_id: workspaceId }));
  return coupon ?? null;
}

export async function listCoupons(db: Db, workspaceId: WorkspaceId, page: { limit: number; offset: number }): Promise<Coupon[]> {
  return withIntegrations(
    db,
    await db<CouponRow>('coupons').where({ workspace_id: workspaceId }).orderBy(['created_at', 'id']).limit(page.limit).offset(page.offset),
  );
}
