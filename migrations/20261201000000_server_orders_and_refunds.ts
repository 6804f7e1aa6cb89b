import type { Knex } from 'knex';

// The second contract: the store's server reports orders with a secret key, a store may require
// that confirmation before a pixel order is credited, and refunds reverse credit.
export async function up(knex: Knex): Promise<void> {
  // Secret keys of an integration (isk_…): shown once, stored as a SHA-256 hash.
  await knex.schema.createTable('integration_keys', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('integration_id').notNullable().references('integrations.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('key_hash').notNullable().unique();
    t.text('last_four').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.index(['integration_id']);
  });

  await knex.schema.alterTable('integrations', (t) => {
    t.boolean('require_server_confirmation').notNullable().defaultTo(false);
    t.integer('confirmation_window_hours').notNullable().defaultTo(72);
  });

  // 'pending': a pixel order waiting for the store's server to confirm it (its workflow waits).
  await knex.raw('alter table orders drop constraint if exists orders_status_check');
  await knex.raw("alter table orders add constraint orders_status_check check (status in ('credited', 'skipped', 'pending'))");
  await knex.schema.alterTable('orders', (t) => {
    // A server report is the truth about the order: its value and currency replaced the pixel's.
    t.boolean('confirmed').notNullable().defaultTo(false);
    t.timestamp('confirmed_at', { useTz: true });
    // While pending: when the order is skipped as not_confirmed unless the server reports it first.
    t.timestamp('confirmation_deadline', { useTz: true });
    // Sum of the refunds applied, in minor units of the order's currency (never above value_minor).
    t.bigInteger('refunded_minor').notNullable().defaultTo(0);
  });

  await knex.raw('alter table order_reports drop constraint if exists order_reports_outcome_check');
  await knex.raw("alter table order_reports add constraint order_reports_outcome_check check (outcome in ('credited', 'skipped', 'duplicate', 'pending'))");
  await knex.schema.alterTable('order_reports', (t) => {
    t.text('source').notNullable().defaultTo('pixel').checkIn(['pixel', 'server']);
  });

  // Every refund received, applied or not, with why not. Idempotent on (integration, refund id).
  await knex.schema.createTable('order_refunds', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('integration_id').notNullable().references('integrations.id').onDelete('CASCADE');
    // The store's order id (the order row may not exist yet: a refund can arrive first).
    t.text('order_id').notNullable();
    t.text('refund_id').notNullable();
    t.text('source').notNullable().checkIn(['server', 'admin']);
    t.bigInteger('value_minor').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    // null until the order's workflow processed it; then whether any of it was applied.
    t.boolean('applied');
    t.bigInteger('applied_minor').notNullable().defaultTo(0);
    t.text('reason');
    t.timestamp('processed_at', { useTz: true });
    t.unique(['integration_id', 'refund_id']);
    t.index(['integration_id', 'order_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('order_refunds');
  await knex.schema.alterTable('order_reports', (t) => {
    t.dropColumn('source');
  });
  await knex('order_reports').where({ outcome: 'pending' }).update({ outcome: null });
  await knex.raw('alter table order_reports drop constraint if exists order_reports_outcome_check');
  await knex.raw("alter table order_reports add constraint order_reports_outcome_check check (outcome in ('credited', 'skipped', 'duplicate'))");
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('refunded_minor');
    t.dropColumn('confirmation_deadline');
    t.dropColumn('confirmed_at');
    t.dropColumn('confirmed');
  });
  await knex('orders').where({ status: 'pending' }).update({ status: 'skipped', reason: 'not_confirmed' });
  await knex.raw('alter table orders drop constraint if exists orders_status_check');
  await knex.raw("alter table orders add constraint orders_status_check check (status in ('credited', 'skipped'))");
  await knex.schema.alterTable('integrations', (t) => {
    t.dropColumn('confirmation_window_hours');
    t.dropColumn('require_server_confirmation');
  });
  await knex.schema.dropTableIfExists('integration_keys');
}
