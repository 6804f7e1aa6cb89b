import type { Knex } from 'knex';

// The verification sweep flags connected integrations whose pixel went quiet.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('integrations', (t) => {
    t.timestamp('stale_since', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('integrations', (t) => {
    t.dropColumn('stale_since');
  });
}
