import type { Knex } from 'knex';

/** A click is unique when it is the visitor's first on its link in the UTC day (decided at redirect time, in Redis). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clicks', (table) => {
    table.boolean('is_unique').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clicks', (table) => {
    table.dropColumn('is_unique');
  });
}
