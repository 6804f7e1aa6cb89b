import type { WorkspaceId } from '../domain/workspace-id';
import type { CommissionRule } from '../commissions/commission-rule';
import type { Db } from '../db';
import { newId } from '../domain/ids';

export type Creator = {
  id: string;
  workspaceId: WorkspaceId;
  name: string;
  createdAt: Date;
  email: string | null;
  /** Its own commission rule, or null (the workspace's applies). */
  commission: CommissionRule | null;
  /** Its own rule, else the workspace's, else null. */
  effectiveCommission: CommissionRule | null;
};

export type CreatorFields = { name?: string; email?: string | null; commission?: CommissionRule | null };

type Row = {
  id: string;
  workspace_id: WorkspaceId;
  name: string;
  created_at: Date;
  email: string | null;
  commission: CommissionRule | null;
  workspace_commission: CommissionRule | null;
};

const view = (row: Row): Creator => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  createdAt: row.created_at,
  email: row.email ?? null,
  commission: row.commission ?? null,
  effectiveCommission: row.commission ?? row.workspace_commission ?? null,
});

const columns = (db: Db) => ['c.id', 'c.workspace_id', 'c.name', 'c.created_at', 'c.email', 'c.commission', db.raw('w.commission as workspace_commission')];
const creators = (db: Db) => db('creators as c').join('workspaces as w', 'w.id', 'c.workspace_id');
/** A rule as a jsonb value, or SQL NULL for none. */
const ruleColumn = (rule: CommissionRule | null) => (rule === null ? null : JSON.stringify(rule));

export async function createCreator(db: Db, input: { workspaceId: WorkspaceId } & CreatorFields & { name: string }): Promise<Creator> {
  const id = newId('cre');
  await db('creators').insert({
    id,
    workspace_id: input.workspaceId,
    name: input.name,
    email: input.email ?? null,
    commission: ruleColumn(input.commission ?? null),
  });
  return (await findCreator(db, id, input.workspaceId))!;
}

export async function findCreator(db: Db, id: string, workspaceId: WorkspaceId): Promise<Creator | null> {
  const row: Row | undefined = await creators(db).where({ 'c.id': id, 'c.workspace_id': workspaceId }).first(columns(db));
  return row ? view(row) : null;
}

export async function listCreators(db: Db, workspaceId: WorkspaceId, page: { limit: number; offset: number }): Promise<Creator[]> {
  const rows: Row[] = await creators(db)
    .where({ 'c.workspace_id': workspaceId })
    .orderBy(['c.created_at', 'c.id'])
    .limit(page.limit)
    .offset(page.offset)
    .select(columns(db));
  return rows.map(view);
}

/** Changes only the fields given; null clears email or commission. Null when no such creator in the workspace. */
export async function changeCreator(db: Db, id: string, workspaceId: WorkspaceId, change: CreatorFields): Promise<Creator | null> {
  const update: Record<string, unknown> = {};
  if (change.name !== undefined) update.name = change.name;
  if (change.email !== undefined) update.email = change.email;
  if (change.commission !== undefined) update.commission = ruleColumn(change.commission);
  if (Object.keys(update).length > 0) await db('creators').where({ id, workspace_id: workspaceId }).update(update);
  return findCreator(db, id, workspaceId);
}
