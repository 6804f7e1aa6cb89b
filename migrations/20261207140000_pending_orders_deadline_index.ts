import type { Knex } from 'knex';

/** Reconciliation finds pending orders past their confirmation deadline (stranded when their workflow ended) without a full scan. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("create index orders_pending_deadline_index on orders (confirmation_deadline, id) where status = 'pending'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists orders_pending_deadline_index');
}
