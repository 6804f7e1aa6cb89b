/**
 * The statements that make the daily rollups again from the facts: every row of click_daily and
 * order_daily is replaced by a count over clicks and orders. Run in one transaction that first
 * locks the fact tables against writes (see rebuildRollups), so the triggers and the rebuild never
 * count a fact twice or not at all. Also what the migration that creates the rollups fills them with.
 */
export function rebuildRollupsSql(): string[] {
  return [
    'delete from click_daily',
    `insert into click_daily (creator_id, day, workspace_id, clicks, unique_clicks)
     select l.creator_id, (c.clicked_at at time zone 'UTC')::date, c.workspace_id, count(*), count(*) filter (where c.is_unique)
     from clicks c join links l on l.id = c.link_id group by 1, 2, 3`,
    'delete from order_daily',
    `insert into order_daily (workspace_id, status, day, creator_id, currency, orders, value_minor, refunded_minor)
     select workspace_id, status, (processed_at at time zone 'UTC')::date, creator_id, currency, count(*), sum(value_minor), sum(refunded_minor)
     from orders group by 1, 2, 3, 4, 5`,
  ];
}
