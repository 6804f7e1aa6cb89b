import type { Knex } from 'knex';

/**
 * order_daily gets a `slot` (0–15) in its key, taken from a hash of the order's row id, so the
 * orders of one (workspace, status, day, creator, currency) are spread over up to 16 rows instead
 * of one: concurrent credits of one creator (and a workspace's concurrent unattributed orders)
 * upsert different rows and no longer wait for each other's transaction to commit (issue 30,
 * "Nothing on the write path gets slower"). Readers already sum over the rows of a key.
 *
 * An order's figures always sit in the slot of its own row id: an update adds and takes away in
 * that slot, and a delete takes away from it (an UPDATE of the rows there, so a delete that
 * cascades from its workspace inserts nothing). So the rows already there are made again from the
 * facts with their slots, with writers of orders waiting (SHARE lock) until this commits.
 */
const SLOTS = 16;
const slotOf = (rowId: string) => `(hashtext(${rowId}) & ${SLOTS - 1})`;

const KEY = 'workspace_id, status, day, creator_id, currency';
const FIGURES = 'orders, value_minor, refunded_minor';

/** The trigger function, with or without slots (without: exactly the one of 20261207150000_daily_rollups). */
function keepOrderDaily(slots: boolean): string {
  const key = slots ? `${KEY}, slot` : KEY;
  const slot = (rowId: string) => (slots ? `, ${slotOf(rowId)}` : '');
  const groups = slots ? '1, 2, 3, 4, 5, 6' : '1, 2, 3, 4, 5';
  const sameSlot = slots ? ' and d.slot = o.slot' : '';
  return `
    create or replace function keep_order_daily() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into order_daily as d (${key}, ${FIGURES})
        select workspace_id, status, (processed_at at time zone 'UTC')::date, creator_id, currency${slot('id')}, count(*), sum(value_minor), sum(refunded_minor)
        from new_orders group by ${groups} order by ${groups}
        on conflict (${key}) do update
          set orders = d.orders + excluded.orders, value_minor = d.value_minor + excluded.value_minor, refunded_minor = d.refunded_minor + excluded.refunded_minor;
      elsif tg_op = 'UPDATE' then
        insert into order_daily as d (${key}, ${FIGURES})
        select ${key}, sum(n), sum(v), sum(r)
        from (
          select workspace_id, status, (processed_at at time zone 'UTC')::date as day, creator_id, currency${slots ? `, ${slotOf('id')} as slot` : ''}, 1 as n, value_minor as v, refunded_minor as r from new_orders
          union all
          select workspace_id, status, (processed_at at time zone 'UTC')::date, creator_id, currency${slot('id')}, -1, -value_minor, -refunded_minor from old_orders
        ) delta
        group by ${groups}
        having sum(n) <> 0 or sum(v) <> 0 or sum(r) <> 0
        order by ${groups}
        on conflict (${key}) do update
          set orders = d.orders + excluded.orders, value_minor = d.value_minor + excluded.value_minor, refunded_minor = d.refunded_minor + excluded.refunded_minor;
      else
        update order_daily d set orders = d.orders - o.orders, value_minor = d.value_minor - o.v, refunded_minor = d.refunded_minor - o.r
        from (select workspace_id, status, (processed_at at time zone 'UTC')::date as day, creator_id, currency${slots ? `, ${slotOf('id')} as slot` : ''}, count(*) as orders, sum(value_minor) as v, sum(refunded_minor) as r
              from old_orders group by ${groups}) o
        where d.workspace_id = o.workspace_id and d.status = o.status and d.day = o.day and d.creator_id is not distinct from o.creator_id and d.currency = o.currency${sameSlot};
      end if;
      return null;
    end $$`;
}

const uniqueKey = (key: string) => `create unique index order_daily_key on order_daily (${key}) include (${FIGURES}) nulls not distinct`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('lock table orders in share mode');
  await knex.raw('alter table order_daily add column slot smallint not null default 0');
  await knex.raw('drop index order_daily_key');
  await knex.raw(uniqueKey(`${KEY}, slot`));
  await knex.raw(keepOrderDaily(true));
  await knex.raw('delete from order_daily');
  await knex.raw(`
    insert into order_daily (${KEY}, slot, ${FIGURES})
    select workspace_id, status, (processed_at at time zone 'UTC')::date, creator_id, currency, ${slotOf('id')}, count(*), sum(value_minor), sum(refunded_minor)
    from orders group by 1, 2, 3, 4, 5, 6`);
}

/** The slots of a key are summed into one row again, and the old key and trigger function come back. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('lock table orders in share mode');
  await knex.raw(`create temporary table order_daily_folded on commit drop as
    select ${KEY}, sum(orders) as orders, sum(value_minor) as value_minor, sum(refunded_minor) as refunded_minor from order_daily group by 1, 2, 3, 4, 5`);
  await knex.raw('delete from order_daily');
  await knex.raw('drop index order_daily_key');
  await knex.raw('alter table order_daily drop column slot');
  await knex.raw(uniqueKey(KEY));
  await knex.raw(keepOrderDaily(false));
  await knex.raw(`insert into order_daily (${KEY}, ${FIGURES}) select ${KEY}, ${FIGURES} from order_daily_folded`);
}
