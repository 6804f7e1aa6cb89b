import type { Knex } from 'knex';

// Reconciliation flags orders that need a human look: one flag per (kind, integration, order id).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_flags', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['cross_integration_duplicate', 'changed_repeat']);
    t.text('integration_id').notNullable().references('integrations.id').onDelete('CASCADE');
    t.text('order_id').notNullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['kind', 'integration_id', 'order_id']);
    t.index(['workspace_id', 'created_at']);
  });
  // The same order id on other integrations of a workspace, and stuck reports, found without a full scan.
  await knex.schema.alterTable('orders', (t) => {
    t.index(['workspace_id', 'order_id'], 'orders_workspace_order_id_index');
  });
  await knex.raw('create index order_reports_unprocessed_index on order_reports (id) where outcome is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists order_reports_unprocessed_index');
  await knex.schema.alterTable('orders', (t) => {
    t.dropIndex(['workspace_id', 'order_id'], 'orders_workspace_order_id_index');
  });
  await knex.schema.dropTableIfExists('order_flags');
}
