import { concurrentIndexSwap, type IndexDefinition } from './support/concurrent-index-swap';

/** Each index names the read it serves (see BENCHMARKS.md, "Reads at scale", for their plans). */
const indexes: IndexDefinition[] = [
  // The Overview's and the creator report's partial first and last days (the whole days come from click_daily).
  { name: 'clicks_workspace_clicked_at_index', on: 'clicks (workspace_id, clicked_at)' },
  // The orders list, newest first, keyset on (processed_at, id): no filter, each filter.
  { name: 'orders_workspace_processed_id_index', on: 'orders (workspace_id, processed_at, id)' },
  { name: 'orders_workspace_status_processed_id_index', on: 'orders (workspace_id, status, processed_at, id)' },
  { name: 'orders_integration_processed_id_index', on: 'orders (integration_id, processed_at, id)' },
  { name: 'orders_creator_processed_id_index', on: 'orders (creator_id, processed_at, id)' },
  // Reconciliation: credited orders processed since the lookback, and processed reports since then.
  { name: 'orders_credited_processed_index', on: "orders (processed_at) where status = 'credited'" },
  { name: 'order_reports_processed_index', on: 'order_reports (processed_at, id) where outcome is not null' },
  { name: 'order_refunds_unprocessed_index', on: 'order_refunds (id) where processed_at is null and reason is null' },
  // An order's page: its flags.
  { name: 'order_flags_integration_order_index', on: 'order_flags (integration_id, order_id)' },
];

/** Indexes the new ones above make redundant (each is a prefix of one of them). */
const replaced: IndexDefinition[] = [
  { name: 'orders_workspace_id_processed_at_index', on: 'orders (workspace_id, processed_at)' },
  { name: 'orders_creator_id_index', on: 'orders (creator_id)' },
];

export const { config, up, down } = concurrentIndexSwap(indexes, replaced);
