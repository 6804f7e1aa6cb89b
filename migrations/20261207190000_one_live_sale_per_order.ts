import type { Knex } from 'knex';

// An order moved to another creator after its sale commission was approved keeps that sale (clawed
// back) and gets a new one for the new creator: one *live* sale per order. `moved_at` marks the sale
// left behind; the unique index now covers live sales only.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('commissions', (t) => {
    t.timestamp('moved_at', { useTz: true });
  });
  await knex.raw('drop index commissions_one_sale_per_order');
  await knex.raw("create unique index commissions_one_live_sale_per_order on commissions (order_row_id) where kind = 'sale' and moved_at is null");
}

/** Fails (unique violation) if an order already has a moved sale and a live one: there is no one-sale shape to go back to then. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index commissions_one_live_sale_per_order');
  await knex.raw("create unique index commissions_one_sale_per_order on commissions (order_row_id) where kind = 'sale'");
  await knex.schema.alterTable('commissions', (t) => {
    t.dropColumn('moved_at');
  });
}
