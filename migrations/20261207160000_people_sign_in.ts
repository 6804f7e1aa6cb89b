import type { Knex } from 'knex';

/**
 * People sign in: a password (argon2id) and two-factor per user, server-side sessions, invitations,
 * password resets, recovery codes, failed sign-ins (for the lock-out), and a workspace's sign-in rules.
 * Every secret a person holds (session id, invitation and reset token, recovery code) is stored only as a SHA-256 hash.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('password_hash');
    t.text('totp_secret_sealed');
    t.text('totp_pending_sealed');
    t.bigInteger('totp_last_step');
  });
  await knex.schema.alterTable('workspaces', (t) => {
    t.boolean('require_two_factor').notNullable().defaultTo(false);
    t.text('sso_issuer');
    t.text('sso_client_id');
    t.text('sso_client_secret_sealed');
  });
  await knex.schema.createTable('sessions', (t) => {
    t.text('id').primary();
    t.text('token_hash').notNullable().unique();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('user_agent');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('ended_at', { useTz: true });
    t.index(['user_id', 'workspace_id']);
  });
  await knex.schema.createTable('invitations', (t) => {
    t.text('id').primary();
    t.text('token_hash').notNullable().unique();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('role').notNullable().checkIn(['admin', 'member']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.index(['workspace_id', 'email']);
  });
  await knex.schema.createTable('password_resets', (t) => {
    t.text('token_hash').primary();
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
  });
  await knex.schema.createTable('recovery_codes', (t) => {
    t.text('code_hash').primary();
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('used_at', { useTz: true });
  });
  await knex.schema.createTable('sign_in_failures', (t) => {
    t.bigIncrements('id');
    t.text('email_hash').notNullable();
    t.timestamp('failed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['email_hash', 'failed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['sign_in_failures', 'recovery_codes', 'password_resets', 'invitations', 'sessions']) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropColumns('require_two_factor', 'sso_issuer', 'sso_client_id', 'sso_client_secret_sealed');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumns('password_hash', 'totp_secret_sealed', 'totp_pending_sealed', 'totp_last_step');
  });
}
