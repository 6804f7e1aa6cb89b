import type { Knex } from 'knex';

// The third contract: commission rules on creators and workspaces, commissions (one sale per
// order, clawbacks after approval) and payouts (a commission in at most one payout at a time).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('creators', (t) => {
    t.text('email');
    // {"type":"percent","percent":10} | {"type":"flat","amounts":{"USD":5}} | null (none: the workspace's applies).
    t.jsonb('commission');
  });
  await knex.schema.alterTable('workspaces', (t) => {
    t.jsonb('commission');
    t.integer('commission_hold_days').notNullable().defaultTo(30);
    // Per currency in major units, as the API shows it: {"USD":50}.
    t.jsonb('minimum_payout').notNullable().defaultTo('{}');
  });
  await knex.raw('alter table workspaces add constraint workspaces_commission_hold_days_check check (commission_hold_days between 0 and 365)');

  await knex.schema.createTable('payouts', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('creator_id').notNullable().references('creators.id').onDelete('CASCADE');
    t.specificType('currency', 'char(3)').notNullable();
    t.bigInteger('amount_minor').notNullable();
    t.integer('commission_count').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'paid', 'canceled']);
    t.text('reference');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('paid_at', { useTz: true });
    t.timestamp('canceled_at', { useTz: true });
    t.index(['workspace_id', 'created_at']);
    t.index(['creator_id']);
  });
  await knex.raw('alter table payouts add constraint payouts_amount_positive check (amount_minor > 0)');

  await knex.schema.createTable('commissions', (t) => {
    t.text('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('order_row_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.text('creator_id').notNullable().references('creators.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['sale', 'clawback']);
    t.text('status').notNullable().checkIn(['pending', 'approved', 'paid', 'reversed']);
    t.specificType('currency', 'char(3)').notNullable();
    t.bigInteger('amount_minor').notNullable();
    // What the amount was computed on: the net value (sale) or the refunded part (clawback), minor units.
    t.bigInteger('base_minor').notNullable();
    // The rule in force when the sale was credited: a later rule change never rewrites it.
    t.jsonb('rule').notNullable();
    t.text('reason');
    t.timestamp('hold_until', { useTz: true });
    t.timestamp('approved_at', { useTz: true });
    t.text('adjusts_commission_id').references('commissions.id').onDelete('CASCADE');
    // One column: a commission is in at most one payout at a time (a canceled payout sets it back to null).
    t.text('payout_id').references('payouts.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'created_at']);
    t.index(['order_row_id']);
    t.index(['payout_id']);
    t.index(['adjusts_commission_id']);
  });
  // One sale commission per order, whatever the concurrency.
  await knex.raw("create unique index commissions_one_sale_per_order on commissions (order_row_id) where kind = 'sale'");
  // The approval Schedule's batches: pending commissions by when they are due.
  await knex.raw("create index commissions_pending_due on commissions (hold_until) where status = 'pending'");
  // The payout run: approved commissions not yet in a payout, per workspace.
  await knex.raw(
    "create index commissions_awaiting_payout on commissions (workspace_id, creator_id, currency) where status = 'approved' and payout_id is null",
  );
  await knex.raw(`alter table commissions add constraint commissions_payout_status check (
    (status = 'paid' and payout_id is not null) or (status = 'approved') or (status in ('pending', 'reversed') and payout_id is null))`);
  await knex.raw(`alter table commissions add constraint commissions_kind_shape check (
    (kind = 'sale' and adjusts_commission_id is null) or (kind = 'clawback' and adjusts_commission_id is not null and amount_minor <= 0))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('commissions');
  await knex.schema.dropTableIfExists('payouts');
  await knex.raw('alter table workspaces drop constraint if exists workspaces_commission_hold_days_check');
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropColumn('minimum_payout');
    t.dropColumn('commission_hold_days');
    t.dropColumn('commission');
  });
  await knex.schema.alterTable('creators', (t) => {
    t.dropColumn('commission');
    t.dropColumn('email');
  });
}
