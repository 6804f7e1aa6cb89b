import type { Db } from '../../core/db';
import type { CommissionStore } from './commission-fixtures';

/**
 * Many commissions in a few statements: `creators` creators of the store, `perCreator` credited
 * orders each (10.00 USD), each with a sale commission of 1.00 USD in the given status.
 */
export async function seedManyCommissions(
  db: Db,
  store: CommissionStore,
  input: { creators: number; perCreator: number; status: 'pending' | 'approved'; holdUntil?: Date },
): Promise<void> {
  await db.raw(`insert into creators (id, workspace_id, name) select 'cre_many_' || ? || '_' || c, ?, 'Creator ' || c from generate_series(1, ?) c`, [
    store.workspaceId,
    store.workspaceId,
    input.creators,
  ]);
  await db.raw(
    `insert into orders (id, workspace_id, integration_id, order_id, status, creator_id, attributed_by, value_minor, currency, reported_at)
     select 'ord_many_' || ? || '_' || c || '_' || n, ?, ?, 'many-' || c || '-' || n, 'credited', 'cre_many_' || ? || '_' || c, 'coupon', 1000, 'USD', now()
     from generate_series(1, ?) c, generate_series(1, ?) n`,
    [store.workspaceId, store.workspaceId, store.integrationId, store.workspaceId, input.creators, input.perCreator],
  );
  await db.raw(
    `insert into commissions (id, workspace_id, order_row_id, creator_id, kind, status, currency, amount_minor, base_minor, rule, hold_until, approved_at)
     select 'com_' || substr(o.id, 5), o.workspace_id, o.id, o.creator_id, 'sale', ?, 'USD', 100, 1000, '{"type":"percent","percent":10}', ?, ?
     from orders o where o.workspace_id = ? and o.id like 'ord_many_%'`,
    [input.status, input.holdUntil ?? new Date(), input.status === 'approved' ? new Date() : null, store.workspaceId],
  );
}
