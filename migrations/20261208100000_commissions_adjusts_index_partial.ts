import type { Knex } from 'knex';

/** CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction: each statement commits on its own, and writers are never blocked. */
export const config = { transaction: false };

/**
 * Only clawbacks adjust a commission, yet every sale had a NULL entry in the index of
 * adjusts_commission_id, and every update that cannot be HOT (a payout run setting payout_id on
 * 100,000 commissions, approval, paying) wrote one more: the index now holds clawbacks only. Its
 * readers (a sale's clawbacks, the foreign key's cascade) ask `adjusts_commission_id = …`, which
 * implies `is not null`, so they use it as before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'create index concurrently if not exists commissions_clawbacks_of_sale on commissions (adjusts_commission_id) where adjusts_commission_id is not null',
  );
  await knex.raw('drop index concurrently if exists commissions_adjusts_commission_id_index');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('create index concurrently if not exists commissions_adjusts_commission_id_index on commissions (adjusts_commission_id)');
  await knex.raw('drop index concurrently if exists commissions_clawbacks_of_sale');
}
