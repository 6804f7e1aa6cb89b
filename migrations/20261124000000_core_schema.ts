import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspaces', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.integer('attribution_window_days').notNullable().defaultTo(30);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('users', (t) => {
    t.text('id').primary();
    t.text('email').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('memberships', (t) => {
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('role').notNullable().checkIn(['admin', 'member']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['workspace_id', 'user_id']);
  });

  await knex.schema.createTable('api_tokens', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('token_hash').notNullable().unique();
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('creators', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id']);
  });

  await knex.schema.createTable('links', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('creator_id').notNullable().references('creators.id').onDelete('CASCADE');
    // Unique across workspaces: GET /r/:code carries no workspace.
    t.text('code').notNullable().unique();
    t.text('destination_url').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id']);
  });

  await knex.schema.createTable('clicks', (t) => {
    t.text('id').primary();
    t.text('link_id').notNullable().references('links.id').onDelete('CASCADE');
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.timestamp('clicked_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['link_id', 'clicked_at']);
  });

  await knex.schema.createTable('coupons', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('creator_id').notNullable().references('creators.id').onDelete('CASCADE');
    t.text('code').notNullable();
    t.text('code_normalized').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workspace_id', 'code_normalized']);
  });

  await knex.schema.createTable('integrations', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('type').notNullable().checkIn(['custom']);
    t.text('website_url').notNullable();
    t.text('origin').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'connected', 'disconnected']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('verification_started_at', { useTz: true });
    t.timestamp('connected_at', { useTz: true });
    t.timestamp('disconnected_at', { useTz: true });
    t.timestamp('last_signal_at', { useTz: true });
    t.index(['workspace_id']);
  });

  // Pings per origin seen, the registered one included: verification and troubleshooting.
  await knex.schema.createTable('integration_signals', (t) => {
    t.text('integration_id').notNullable().references('integrations.id').onDelete('CASCADE');
    t.text('origin').notNullable();
    t.text('last_url');
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.bigInteger('ping_count').notNullable().defaultTo(0);
    t.primary(['integration_id', 'origin']);
  });

  await knex.schema.createTable('link_integrations', (t) => {
    t.text('link_id').notNullable().references('links.id').onDelete('CASCADE');
    t.text('integration_id').notNullable().references('integrations.id').onDelete('CASCADE');
    t.primary(['link_id', 'integration_id']);
  });

  await knex.schema.createTable('coupon_integrations', (t) => {
    t.text('coupon_id').notNullable().references('coupons.id').onDelete('CASCADE');
    t.text('integration_id').notNullable().references('integrations.id').onDelete('CASCADE');
    t.primary(['coupon_id', 'integration_id']);
  });

  // One row per (integration, order id): the outcome that counts.
  await knex.schema.createTable('orders', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('integration_id').notNullable().references('integrations.id').onDelete('CASCADE');
    t.text('order_id').notNullable();
    t.text('status').notNullable().checkIn(['credited', 'skipped']);
    t.text('reason');
    t.text('creator_id').references('creators.id').onDelete('SET NULL');
    t.text('attributed_by').checkIn(['coupon', 'link']);
    t.text('link_id').references('links.id').onDelete('SET NULL');
    t.text('click_id');
    t.text('coupon_id').references('coupons.id').onDelete('SET NULL');
    t.text('coupon_code');
    t.bigInteger('value_minor').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.text('origin');
    t.timestamp('reported_at', { useTz: true }).notNullable();
    t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['integration_id', 'order_id']);
    t.index(['workspace_id', 'processed_at']);
    t.index(['creator_id']);
  });

  // Append-only: every order beacon that left ingest, with what became of it.
  await knex.schema.createTable('order_reports', (t) => {
    t.text('id').primary();
    t.text('integration_id').notNullable();
    t.text('order_id').notNullable();
    t.text('origin');
    t.jsonb('payload').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.text('workflow_id').notNullable();
    t.text('outcome').checkIn(['credited', 'skipped', 'duplicate']);
    t.text('reason');
    t.timestamp('processed_at', { useTz: true });
    t.index(['integration_id', 'order_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'order_reports',
    'orders',
    'coupon_integrations',
    'link_integrations',
    'integration_signals',
    'integrations',
    'coupons',
    'clicks',
    'links',
    'creators',
    'api_tokens',
    'memberships',
    'users',
    'workspaces',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
