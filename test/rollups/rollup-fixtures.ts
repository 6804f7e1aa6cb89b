import type { WorkspaceId } from '../../core/domain/workspace-id';
import type { Db } from '../../core/db';
import { newId, randomString } from '../../core/domain/ids';
import { newWorkspace } from '../support/store-setup';

/** A workspace with creators, one link each and integrations, written straight into PostgreSQL (the rollup tests need rows, not the API). */
export type RollupWorkspace = { workspaceId: WorkspaceId; token: string; creatorIds: string[]; linkIds: string[]; integrationIds: string[] };

export async function createRollupWorkspace(db: Db, sizes: { creators: number; integrations: number }): Promise<RollupWorkspace> {
  const { workspaceId, token } = await newWorkspace(db);
  const creatorIds = Array.from({ length: sizes.creators }, () => newId('cre'));
  const linkIds = creatorIds.map(() => newId('lnk'));
  const integrationIds = Array.from({ length: sizes.integrations }, () => newId('int'));
  await db('creators').insert(creatorIds.map((id, i) => ({ id, workspace_id: workspaceId, name: `Creator ${i}` })));
  await db('links').insert(
    linkIds.map((id, i) => ({ id, workspace_id: workspaceId, creator_id: creatorIds[i], code: `r${randomString(10)}`, destination_url: 'https://shop.test/' })),
  );
  await db('integrations').insert(
    integrationIds.map((id, i) => ({
      id,
      workspace_id: workspaceId,
      type: 'custom',
      website_url: `https://s${i}.test`,
      origin: `https://s${i}.test`,
      status: 'connected',
    })),
  );
  return { workspaceId, token, creatorIds, linkIds, integrationIds };
}

/** Every non-empty rollup row, as counted from the facts and as kept, in the same order and shape. */
export async function rollupsAndFacts(db: Db, workspaceId: string) {
  const kept = await db.raw(
    `select creator_id, to_char(day, 'YYYY-MM-DD') as day, clicks::int, unique_clicks::int from click_daily where workspace_id = ? and clicks <> 0 order by 1, 2`,
    [workspaceId],
  );
  const counted = await db.raw(
    `select l.creator_id, to_char(c.clicked_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as clicks, (count(*) filter (where c.is_unique))::int as unique_clicks
     from clicks c join links l on l.id = c.link_id where c.workspace_id = ? group by 1, 2 order by 1, 2`,
    [workspaceId],
  );
  const keptOrders = await db.raw(
    `select status, to_char(day, 'YYYY-MM-DD') as day, creator_id, currency, orders::int, value_minor::bigint::text as value, refunded_minor::bigint::text as refunded
     from order_daily where workspace_id = ? and (orders <> 0 or value_minor <> 0 or refunded_minor <> 0) order by 1, 2, 3, 4`,
    [workspaceId],
  );
  const countedOrders = await db.raw(
    `select status, to_char(processed_at at time zone 'UTC', 'YYYY-MM-DD') as day, creator_id, currency, count(*)::int as orders,
            sum(value_minor)::bigint::text as value, sum(refunded_minor)::bigint::text as refunded
     from orders where workspace_id = ? group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    [workspaceId],
  );
  return { clicks: { kept: kept.rows, counted: counted.rows }, orders: { kept: keptOrders.rows, counted: countedOrders.rows } };
}
