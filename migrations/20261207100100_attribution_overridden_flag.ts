import type { Knex } from 'knex';

/** A server report's attribution moved an order from the creator a pixel report credited: flag kind `attribution_overridden`. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table order_flags drop constraint if exists order_flags_kind_check');
  await knex.raw(
    "alter table order_flags add constraint order_flags_kind_check check (kind in ('cross_integration_duplicate', 'changed_repeat', 'attribution_overridden'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('order_flags').where({ kind: 'attribution_overridden' }).delete();
  await knex.raw('alter table order_flags drop constraint if exists order_flags_kind_check');
  await knex.raw("alter table order_flags add constraint order_flags_kind_check check (kind in ('cross_integration_duplicate', 'changed_repeat'))");
}
