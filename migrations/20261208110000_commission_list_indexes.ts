import { concurrentIndexSwap, type IndexDefinition } from './support/concurrent-index-swap';

/**
 * The commissions list (GET /api/v1/commissions), newest first on (created_at, id), for a table that
 * grows with every credited order: no filter, and the creator and status filters, each read in
 * order from its index (the payout and order filters use commissions_payout_id_index and
 * commissions_order_row_id_index: a payout's or an order's commissions are few).
 */
const indexes: IndexDefinition[] = [
  { name: 'commissions_workspace_created_id_index', on: 'commissions (workspace_id, created_at, id)' },
  { name: 'commissions_workspace_status_created_id_index', on: 'commissions (workspace_id, status, created_at, id)' },
  { name: 'commissions_creator_created_id_index', on: 'commissions (creator_id, created_at, id)' },
];

/** The index the first one above makes redundant (a prefix of it). */
const replaced: IndexDefinition[] = [{ name: 'commissions_workspace_id_created_at_index', on: 'commissions (workspace_id, created_at)' }];

export const { config, up, down } = concurrentIndexSwap(indexes, replaced);
