import type { Knex } from 'knex';

/** CREATE INDEX CONCURRENTLY cannot run in a transaction: each statement commits on its own, and writers are never blocked. */
export const config = { transaction: false };

/**
 * The commissions list (GET /api/v1/commissions), newest first on (created_at, id), for a table that
 * grows with every credited order: no filter, and the creator and status filters, each read in
 * order from its index (the payout and order filters use commissions_payout_id_index and
 * commissions_order_row_id_index: a payout's or an order's commissions are few).
 */
const indexes: { name: string; on: string }[] = [
  { name: 'commissions_workspace_created_id_index', on: 'commissions (workspace_id, created_at, id)' },
  { name: 'commissions_workspace_status_created_id_index', on: 'commissions (workspace_id, status, created_at, id)' },
  { name: 'commissions_creator_created_id_index', on: 'commissions (creator_id, created_at, id)' },
];

/** The index the first one above makes redundant (a prefix of it). */
const replaced: { name: string; on: string }[] = [{ name: 'commissions_workspace_id_created_at_index', on: 'commissions (workspace_id, created_at)' }];

/** A concurrent build that failed leaves an invalid index behind: dropped first, so a re-run builds it again. */
async function createIndex(knex: Knex, index: { name: string; on: string }): Promise<void> {
  await knex.raw(`drop index concurrently if exists ${index.name}`);
  await knex.raw(`create index concurrently ${index.name} on ${index.on}`);
}

export async function up(knex: Knex): Promise<void> {
  for (const index of indexes) await createIndex(knex, index);
  for (const index of replaced) await knex.raw(`drop index concurrently if exists ${index.name}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const index of replaced) await createIndex(knex, index);
  for (const index of [...indexes].reverse()) await knex.raw(`drop index concurrently if exists ${index.name}`);
}
