import type { Db } from '../db';
import { newId } from '../domain/ids';

export type Creator = { id: string; workspaceId: string; name: string; createdAt: Date };

export async function createCreator(db: Db, input: { workspaceId: string; name: string }): Promise<Creator> {
  const id = newId('cre');
  const [row] = await db('creators').insert({ id, workspace_id: input.workspaceId, name: input.name }).returning(['id', 'workspace_id', 'name', 'created_at']);
  return { id, workspaceId: input.workspaceId, name: input.name, createdAt: (row as { created_at: Date }).created_at };
}

export async function findCreator(db: Db, id: string, workspaceId: string): Promise<Creator | null> {
  const row = await db('creators').where({ id, workspace_id: workspaceId }).first();
  return row ? { id: row.id, workspaceId: row.workspace_id, name: row.name, createdAt: row.created_at } : null;
}

export async function listCreators(db: Db, workspaceId: string, page: { limit: number; offset: number }): Promise<Creator[]> {
  const rows = await db('creators').where({ workspace_id: workspaceId }).orderBy(['created_at', 'id']).limit(page.limit).offset(page.offset);
  return rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, name: row.name, createdAt: row.created_at }));
}
