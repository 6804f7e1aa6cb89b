import type { Db } from '../../core/db';
import type { Attribution } from '../../core/domain/beacon';
import { foldCouponCode } from '../../core/coupon-codes/fold-coupon-code';
import { isWithinAttributionWindow } from '../../core/domain/rules';
import type { OrderDecision } from '../../core/repositories/orders';

export type AttributeOrderInput = {
  workspaceId: string;
  integrationId: string;
  coupon?: string;
  attribution?: Attribution;
  /** When the order was placed: the server's occurredAt, else when the report was received. */
  orderedAt: string;
  attributionWindowDays: number;
};

/** Coupon first, then the click id, then the ref code; only links and coupons with this integration enabled. */
export function createAttributeOrder(db: Db) {
  async function byCoupon(input: AttributeOrderInput): Promise<OrderDecision | null> {
    if (!input.coupon) return null;
    const coupon = await db('coupons as c')
      .join('coupon_integrations as ci', 'ci.coupon_id', 'c.id')
      .where({ 'c.workspace_id': input.workspaceId, 'c.code_normalized': foldCouponCode(input.coupon), 'ci.integration_id': input.integrationId })
      .first('c.id', 'c.creator_id');
    return coupon ? { status: 'credited', creatorId: coupon.creator_id, attributedBy: 'coupon', couponId: coupon.id } : null;
  }

  async function linkEnabled(linkId: string, integrationId: string): Promise<boolean> {
    return Boolean(await db('link_integrations').where({ link_id: linkId, integration_id: integrationId }).first('link_id'));
  }

  /** undefined: the click id is unknown (fall back to ref); null: known, but it cannot credit. */
  async function byClick(input: AttributeOrderInput, orderedAt: Date): Promise<OrderDecision | null | undefined> {
    const itc = input.attribution?.itc;
    if (!itc) return undefined;
    const click = await db('clicks as k')
      .join('links as l', 'l.id', 'k.link_id')
      .where({ 'k.id': itc, 'k.workspace_id': input.workspaceId })
      .first('k.id as clickId', 'k.clicked_at as clickedAt', 'l.id as linkId', 'l.creator_id as creatorId');
    if (!click) return undefined;
    if (!isWithinAttributionWindow(click.clickedAt, orderedAt, input.attributionWindowDays)) return null;
    if (!(await linkEnabled(click.linkId, input.integrationId))) return null;
    return { status: 'credited', creatorId: click.creatorId, attributedBy: 'link', linkId: click.linkId, clickId: click.clickId };
  }

  async function byRef(input: AttributeOrderInput, orderedAt: Date): Promise<OrderDecision | null> {
    const ref = input.attribution?.ref;
    if (!ref) return null;
    const savedAt = input.attribution?.ts;
    if (savedAt !== undefined && !isWithinAttributionWindow(new Date(savedAt), orderedAt, input.attributionWindowDays)) return null;
    const link = await db('links as l')
      .join('link_integrations as li', 'li.link_id', 'l.id')
      .where({ 'l.workspace_id': input.workspaceId, 'l.code': ref, 'li.integration_id': input.integrationId })
      .first('l.id', 'l.creator_id');
    return link ? { status: 'credited', creatorId: link.creator_id, attributedBy: 'link', linkId: link.id } : null;
  }

  return async function attributeOrder(input: AttributeOrderInput): Promise<OrderDecision> {
    const orderedAt = new Date(input.orderedAt);
    const coupon = await byCoupon(input);
    if (coupon) return coupon;
    const click = await byClick(input, orderedAt);
    if (click) return click;
    if (click === undefined) {
      const ref = await byRef(input, orderedAt);
      if (ref) return ref;
    }
    return { status: 'skipped', reason: 'unattributable' };
  };
}
