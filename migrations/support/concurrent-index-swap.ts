import type { Knex } from 'knex';

export type IndexDefinition = { name: string; on: string };

/** A concurrent build that failed leaves an invalid index behind: dropped first, so a re-run builds it again. */
async function createIndexConcurrently(knex: Knex, index: IndexDefinition): Promise<void> {
  await knex.raw(`drop index concurrently if exists ${index.name}`);
  await knex.raw(`create index concurrently ${index.name} on ${index.on}`);
}

/**
 * A migration that builds `indexes` and then drops the `replaced` ones they make redundant, all
 * with CONCURRENTLY (no writer blocked), and the reverse on the way down. CREATE INDEX
 * CONCURRENTLY cannot run in a transaction: each statement commits on its own (`config`).
 * Migrations that ran use this: change it only in ways that leave what they did the same.
 */
export function concurrentIndexSwap(indexes: IndexDefinition[], replaced: IndexDefinition[]) {
  return {
    config: { transaction: false },
    async up(knex: Knex): Promise<void> {
      for (const index of indexes) await createIndexConcurrently(knex, index);
      for (const index of replaced) await knex.raw(`drop index concurrently if exists ${index.name}`);
    },
    async down(knex: Knex): Promise<void> {
      for (const index of replaced) await createIndexConcurrently(knex, index);
      for (const index of [...indexes].reverse()) await knex.raw(`drop index concurrently if exists ${index.name}`);
    },
  };
}
