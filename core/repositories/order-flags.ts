import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { fromMinorUnits } from '../domain/money';
import type { OrderFlagKind } from './reconciliation';

export const orderFlagKinds = ['cross_integration_duplicate', 'changed_repeat', 'attribution_overridden'] as const satisfies readonly OrderFlagKind[];

/** A reconciliation flag as people read it, with the order it is about when that order is recorded. */
export type OrderFlagView = {
  id: string;
  kind: OrderFlagKind;
  integrationId: string;
  orderId: string;
  details: Record<string, unknown>;
  createdAt: string;
  order: { id: string; status: string; value: number; currency: string } | null;
};

export type OrderFlagFilter = { workspaceId: WorkspaceId; kind?: OrderFlagKind; integrationId?: string; limit: number; offset: number };

/** A workspace's flags, newest first, each joined to its order (same integration and order id). */
export async function listOrderFlags(db: Db, filter: OrderFlagFilter): Promise<OrderFlagView[]> {
  const query = db('order_flags as f')
    .leftJoin('orders as o', (j) => j.on('o.integration_id', 'f.integration_id').andOn('o.order_id', 'f.order_id'))
    .where('f.workspace_id', filter.workspaceId)
    .orderBy([
      { column: 'f.created_at', order: 'desc' },
      { column: 'f.id', order: 'desc' },
    ])
    .limit(filter.limit)
    .offset(filter.offset)
    .select('f.id', 'f.kind', 'f.integration_id', 'f.order_id', 'f.details', 'f.created_at', 'o.id as order_row_id', 'o.status', 'o.value_minor', 'o.currency');
  if (filter.kind) query.andWhere('f.kind', filter.kind);
  if (filter.integrationId) query.andWhere('f.integration_id', filter.integrationId);
  const rows = await query;
  return rows.map((r) => {
    const currency = r.currency ? String(r.currency).trim() : '';
    return {
      id: r.id,
      kind: r.kind,
      integrationId: r.integration_id,
      orderId: r.order_id,
      details: r.details ?? {},
      createdAt: (r.created_at as Date).toISOString(),
      order: r.order_row_id ? { id: r.order_row_id, status: r.status, value: fromMinorUnits(Number(r.value_minor), currency), currency } : null,
    };
  });
}
