import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';

/** Which integrations are enabled on a link or a coupon: one join table each, one shape. */
export type EnablementTable =
  { table: 'link_integrations'; key: 'link_id'; owners: 'links' } | { table: 'coupon_integrations'; key: 'coupon_id'; owners: 'coupons' };

export const linkEnablement: EnablementTable = { table: 'link_integrations', key: 'link_id', owners: 'links' };
export const couponEnablement: EnablementTable = { table: 'coupon_integrations', key: 'coupon_id', owners: 'coupons' };

/** The ids among `integrationIds` that are not integrations of this workspace. */
export async function foreignIntegrationIds(db: Db, workspaceId: WorkspaceId, integrationIds: string[]): Promise<string[]> {
  if (integrationIds.length === 0) return [];
  const rows: { id: string }[] = await db('integrations').where({ workspace_id: workspaceId }).whereIn('id', integrationIds).select('id');
  const own = new Set(rows.map((r) => r.id));
  return integrationIds.filter((id) => !own.has(id));
}

/**
 * Replaces the integrations enabled on the workspace's link or coupon `owner`. Only the workspace's
 * own owner row is changed and only its own integrations are enabled (the callers refuse foreign
 * ids first, with foreignIntegrationIds, to answer which).
 */
export async function setEnabledIntegrations(
  db: Db,
  target: EnablementTable,
  owner: { workspaceId: WorkspaceId; id: string },
  integrationIds: string[],
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx(target.table)
      .whereIn(target.key, trx(target.owners).where({ id: owner.id, workspace_id: owner.workspaceId }).select('id'))
      .delete();
    const unique = [...new Set(integrationIds)];
    if (unique.length === 0) return;
    await trx.raw(
      `insert into ?? (??, integration_id)
       select o.id, i.id from ?? o join integrations i on i.workspace_id = o.workspace_id
        where o.id = ? and o.workspace_id = ? and i.id = any(?)`,
      [target.table, target.key, target.owners, owner.id, owner.workspaceId, unique],
    );
  });
}

export async function enabledIntegrations(db: Db, target: EnablementTable, ownerIds: string[]): Promise<Map<string, string[]>> {
  const byOwner = new Map<string, string[]>(ownerIds.map((id) => [id, []]));
  if (ownerIds.length === 0) return byOwner;
  const rows: Record<string, string>[] = await db(target.table).whereIn(target.key, ownerIds).orderBy('integration_id');
  for (const row of rows) byOwner.get(row[target.key] as string)?.push(row.integration_id as string);
  return byOwner;
}

/** Maps rows to entities that carry the ids of the integrations enabled on each, in one query. */
export async function withEnabledIntegrations<Row extends { id: string }, Entity>(
  db: Db,
  target: EnablementTable,
  rows: Row[],
  toEntity: (row: Row, integrationIds: string[]) => Entity,
): Promise<Entity[]> {
  const enabled = await enabledIntegrations(
    db,
    target,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toEntity(row, enabled.get(row.id) ?? []));
}
