import type { Knex } from 'knex';

// Webhooks: endpoints per workspace, an outbox of events (one row per fact), and one row per delivery attempt.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_endpoints', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('url').notNullable();
    t.specificType('events', 'text[]').notNullable();
    t.text('status').notNullable().checkIn(['enabled', 'disabled']).defaultTo('enabled');
    t.text('disabled_reason').checkIn(['gone', 'failing', 'manual']);
    // AES-256-GCM ciphertexts (core/webhooks/secret-box.ts); the previous secret signs beside the new one until it expires.
    t.text('secret_ciphertext').notNullable();
    t.text('previous_secret_ciphertext');
    t.timestamp('previous_secret_expires_at', { useTz: true });
    t.timestamp('failing_since', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'created_at']);
  });

  await knex.schema.createTable('webhook_events', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('type').notNullable();
    t.jsonb('data').notNullable();
    // One fact, one event: a repeat of the same fact finds its key taken.
    t.text('dedupe_key').notNullable().unique();
    // Set for events meant for one endpoint only (webhook.test).
    t.text('endpoint_id').references('webhook_endpoints.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('dispatched_at', { useTz: true });
  });
  await knex.raw('create index webhook_events_undispatched_index on webhook_events (created_at) where dispatched_at is null');

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.text('id').primary();
    t.text('endpoint_id').notNullable().references('webhook_endpoints.id').onDelete('CASCADE');
    t.text('event_id').notNullable().references('webhook_events.id').onDelete('CASCADE');
    t.integer('attempt').notNullable();
    t.text('status').notNullable().checkIn(['pending', 'succeeded', 'failed']);
    t.integer('response_status');
    t.integer('duration_ms');
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // An attempt retried by Temporal (worker lost mid-request) updates its row instead of adding one.
    t.unique(['endpoint_id', 'event_id', 'attempt']);
    t.index(['endpoint_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webhook_deliveries');
  await knex.raw('drop index if exists webhook_events_undispatched_index');
  await knex.schema.dropTableIfExists('webhook_events');
  await knex.schema.dropTableIfExists('webhook_endpoints');
}
