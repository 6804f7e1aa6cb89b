import type { Knex } from 'knex';
import type { CommissionRule } from '../../core/commissions/commission-rule';
import { recordSaleCommission } from '../../core/commissions/record-sale-commission';
import type { Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { createCreator } from '../../core/repositories/creators';
import { insertOrderRow } from '../support/order-rows';
import { seedConnectedStore } from '../workflows/order-fixtures';

export type CommissionStore = Awaited<ReturnType<typeof seedConnectedStore>>;

/** A connected store whose workspace has this rule, hold and minimum, written straight to PostgreSQL. */
export async function seedCommissionStore(
  db: Db,
  settings: { rule?: CommissionRule | null; holdDays?: number; minimumPayout?: Record<string, number> } = {},
): Promise<CommissionStore> {
  const store = await seedConnectedStore(db, `https://com-${randomString(6)}.example.com`);
  await db('workspaces')
    .where({ id: store.workspaceId })
    .update({
      commission:
        settings.rule === undefined ? JSON.stringify({ type: 'percent', percent: 10 }) : settings.rule === null ? null : JSON.stringify(settings.rule),
      commission_hold_days: settings.holdDays ?? 30,
      minimum_payout: JSON.stringify(settings.minimumPayout ?? {}),
    });
  return store;
}

export async function addCreator(db: Db, store: CommissionStore, name: string, rule?: CommissionRule): Promise<string> {
  const creator = await createCreator(db, { workspaceId: store.workspaceId, name });
  if (rule)
    await db('creators')
      .where({ id: creator.id })
      .update({ commission: JSON.stringify(rule) });
  return creator.id;
}

/** A credited order and its sale commission, as the record step writes them; returns the order's row id. */
export async function creditOrder(
  db: Db,
  store: CommissionStore,
  order: { minor: number; currency?: string; creatorId?: string; daySeconds?: number },
): Promise<string> {
  const { id } = await insertOrderRow(db, store.workspaceId, {
    integrationId: store.integrationId,
    status: 'credited',
    creatorId: order.creatorId ?? store.creatorId,
    minor: order.minor,
    currency: order.currency ?? 'USD',
    at: new Date(),
  });
  await db.transaction((trx: Knex.Transaction) => recordSaleCommission(trx, { orderRowId: id, daySeconds: order.daySeconds }));
  return id;
}

export const commissionsOf = (db: Db, orderRowId: string) => db('commissions').where({ order_row_id: orderRowId }).orderBy('created_at').select();
