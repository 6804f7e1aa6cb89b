import type { Knex } from 'knex';
import { rebuildRollupsSql } from '../core/rollups/rebuild-rollups-sql';

/**
 * Daily rollups, kept by the database in the statement that writes the facts (a statement-level
 * trigger over the rows that statement inserted, updated or deleted), so no crash can separate a
 * fact from its rollup and no code path that writes clicks or orders can forget it:
 * - click_daily: clicks and unique clicks per (creator of the link, UTC day of clicked_at): a
 *   link never changes creator, and a creator's day is what every report reads (per link it would
 *   be ten times the rows for the same figures);
 * - order_daily: orders, value and refunds per (workspace, status, UTC day of processed_at,
 *   creator, currency).
 * The tables are filled from the facts already there in the same transaction as the triggers are
 * created (writers wait for it: the trigger's lock on the fact tables).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('click_daily', (t) => {
    t.text('creator_id').notNullable().references('creators.id').onDelete('CASCADE');
    t.date('day').notNullable();
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.bigInteger('clicks').notNullable().defaultTo(0);
    t.bigInteger('unique_clicks').notNullable().defaultTo(0);
    t.primary(['creator_id', 'day']);
  });
  await knex.raw('create index click_daily_workspace_day_index on click_daily (workspace_id, day) include (creator_id, clicks, unique_clicks)');

  await knex.schema.createTable('order_daily', (t) => {
    t.text('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('status').notNullable();
    t.date('day').notNullable();
    // No foreign key: an order whose creator is deleted moves to the null creator through the trigger.
    t.text('creator_id');
    t.specificType('currency', 'char(3)').notNullable();
    t.bigInteger('orders').notNullable().defaultTo(0);
    t.bigInteger('value_minor').notNullable().defaultTo(0);
    t.bigInteger('refunded_minor').notNullable().defaultTo(0);
  });
  await knex.raw(
    'create unique index order_daily_key on order_daily (workspace_id, status, day, creator_id, currency) include (orders, value_minor, refunded_minor) nulls not distinct',
  );

  await knex.raw(`
    create function keep_click_daily() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into click_daily as d (creator_id, day, workspace_id, clicks, unique_clicks)
        select l.creator_id, (c.clicked_at at time zone 'UTC')::date, c.workspace_id, count(*), count(*) filter (where c.is_unique)
        from new_clicks c join links l on l.id = c.link_id group by 1, 2, 3 order by 1, 2
        on conflict (creator_id, day) do update set clicks = d.clicks + excluded.clicks, unique_clicks = d.unique_clicks + excluded.unique_clicks;
      else
        -- Clicks deleted with their link find no link here: links go only with their creator, whose rows cascade.
        update click_daily d set clicks = d.clicks - o.clicks, unique_clicks = d.unique_clicks - o.unique_clicks
        from (select l.creator_id, (c.clicked_at at time zone 'UTC')::date as day, count(*) as clicks, count(*) filter (where c.is_unique) as unique_clicks
              from old_clicks c join links l on l.id = c.link_id group by 1, 2) o
        where d.creator_id = o.creator_id and d.day = o.day;
      end if;
      return null;
    end $$`);
  await knex.raw(
    'create trigger clicks_keep_click_daily_insert after insert on clicks referencing new table as new_clicks for each statement execute function keep_click_daily()',
  );
  await knex.raw(
    'create trigger clicks_keep_click_daily_delete after delete on clicks referencing old table as old_clicks for each statement execute function keep_click_daily()',
  );

  // An update adds the rows as they are and takes away the rows as they were; a change that moves
  // no figure (a deadline, a confirmation flag) writes nothing. Rows are upserted in key order, so
  // two transactions never wait for each other's rollup rows in a cycle.
  await knex.raw(`
    create function keep_order_daily() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into order_daily as d (workspace_id, status, day, creator_id, currency, orders, value_minor, refunded_minor)
        select workspace_id, status, (processed_at at time zone 'UTC')::date, creator_id, currency, count(*), sum(value_minor), sum(refunded_minor)
        from new_orders group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
        on conflict (workspace_id, status, day, creator_id, currency) do update
          set orders = d.orders + excluded.orders, value_minor = d.value_minor + excluded.value_minor, refunded_minor = d.refunded_minor + excluded.refunded_minor;
      elsif tg_op = 'UPDATE' then
        insert into order_daily as d (workspace_id, status, day, creator_id, currency, orders, value_minor, refunded_minor)
        select workspace_id, status, day, creator_id, currency, sum(n), sum(v), sum(r)
        from (
          select workspace_id, status, (processed_at at time zone 'UTC')::date as day, creator_id, currency, 1 as n, value_minor as v, refunded_minor as r from new_orders
          union all
          select workspace_id, status, (processed_at at time zone 'UTC')::date, creator_id, currency, -1, -value_minor, -refunded_minor from old_orders
        ) delta
        group by 1, 2, 3, 4, 5
        having sum(n) <> 0 or sum(v) <> 0 or sum(r) <> 0
        order by 1, 2, 3, 4, 5
        on conflict (workspace_id, status, day, creator_id, currency) do update
          set orders = d.orders + excluded.orders, value_minor = d.value_minor + excluded.value_minor, refunded_minor = d.refunded_minor + excluded.refunded_minor;
      else
        update order_daily d set orders = d.orders - o.orders, value_minor = d.value_minor - o.v, refunded_minor = d.refunded_minor - o.r
        from (select workspace_id, status, (processed_at at time zone 'UTC')::date as day, creator_id, currency, count(*) as orders, sum(value_minor) as v, sum(refunded_minor) as r
              from old_orders group by 1, 2, 3, 4, 5) o
        where d.workspace_id = o.workspace_id and d.status = o.status and d.day = o.day and d.creator_id is not distinct from o.creator_id and d.currency = o.currency;
      end if;
      return null;
    end $$`);
  await knex.raw(
    'create trigger orders_keep_order_daily_insert after insert on orders referencing new table as new_orders for each statement execute function keep_order_daily()',
  );
  await knex.raw(
    'create trigger orders_keep_order_daily_update after update on orders referencing old table as old_orders new table as new_orders for each statement execute function keep_order_daily()',
  );
  await knex.raw(
    'create trigger orders_keep_order_daily_delete after delete on orders referencing old table as old_orders for each statement execute function keep_order_daily()',
  );

  for (const statement of rebuildRollupsSql()) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) await knex.raw(`drop trigger if exists orders_keep_order_daily_${op} on orders`);
  for (const op of ['insert', 'delete']) await knex.raw(`drop trigger if exists clicks_keep_click_daily_${op} on clicks`);
  await knex.raw('drop function if exists keep_order_daily()');
  await knex.raw('drop function if exists keep_click_daily()');
  await knex.schema.dropTableIfExists('order_daily');
  await knex.schema.dropTableIfExists('click_daily');
}
