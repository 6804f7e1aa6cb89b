import type { Db } from '../db';
import type { WorkspaceId } from '../domain/workspace-id';

/** What the data says about one integration's missing orders: where it is enabled, and what became of its orders. */
export type IntegrationFacts = {
  enabledOn: { links: number; coupons: number };
  orders: { credited: number; skipped: number; skippedByReason: Record<string, number> };
};

/** Nothing for another workspace's integration: every count is of the workspace's own rows. */
export async function integrationFacts(db: Db, workspaceId: WorkspaceId, integrationId: string): Promise<IntegrationFacts> {
  const own = db('integrations').where({ id: integrationId, workspace_id: workspaceId }).select('id');
  const [links, coupons, outcomes] = await Promise.all([
    db('link_integrations').whereIn('integration_id', own.clone()).count<{ count: string }[]>('* as count'),
    db('coupon_integrations').whereIn('integration_id', own.clone()).count<{ count: string }[]>('* as count'),
    // Pending orders wait for the store's server: neither credited nor skipped yet.
    db('orders')
      .where({ integration_id: integrationId, workspace_id: workspaceId })
      .whereNot({ status: 'pending' })
      .groupBy('status', 'reason')
      .select('status', 'reason', db.raw('count(*) as count')) as Promise<{ status: 'credited' | 'skipped'; reason: string | null; count: string }[]>,
  ]);
  const orders: IntegrationFacts['orders'] = { credited: 0, skipped: 0, skippedByReason: {} };
  for (const row of outcomes) {
    const count = Number(row.count);
    orders[row.status] += count;
    if (row.status === 'skipped') orders.skippedByReason[row.reason ?? 'unknown'] = (orders.skippedByReason[row.reason ?? 'unknown'] ?? 0) + count;
  }
  return { enabledOn: { links: Number(links[0]?.count ?? 0), coupons: Number(coupons[0]?.count ?? 0) }, orders };
}
