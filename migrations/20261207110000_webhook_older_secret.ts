import type { Knex } from 'knex';

/** A second rotation within the overlap keeps the first secret signing until its own expiry (core/webhooks/endpoints.ts). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_endpoints', (t) => {
    t.text('older_secret_ciphertext');
    t.timestamp('older_secret_expires_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_endpoints', (t) => {
    t.dropColumn('older_secret_ciphertext');
    t.dropColumn('older_secret_expires_at');
  });
}
