import type { Db } from '../db';

export type WorkspaceSettings = { id: string; name: string; attributionWindowDays: number };
export type WorkspaceSettingsChange = { name?: string; attributionWindowDays?: number };

type Row = { id: string; name: string; attribution_window_days: number };

const view = (row: Row): WorkspaceSettings => ({ id: row.id, name: row.name, attributionWindowDays: Number(row.attribution_window_days) });

export async function findWorkspaceSettings(db: Db, workspaceId: string): Promise<WorkspaceSettings | null> {
  const row: Row | undefined = await db('workspaces').where({ id: workspaceId }).first('id', 'name', 'attribution_window_days');
  return row ? view(row) : null;
}

/** Changes only the fields given; the order workflow reads the window from here when it attributes an order. */
export async function changeWorkspaceSettings(db: Db, workspaceId: string, change: WorkspaceSettingsChange): Promise<WorkspaceSettings | null> {
  const columns: Partial<Row> = {};
  if (change.name !== undefined) columns.name = change.name;
  if (change.attributionWindowDays !== undefined) columns.attribution_window_days = change.attributionWindowDays;
  if (Object.keys(columns).length === 0) return findWorkspaceSettings(db, workspaceId);
  const [row]: Row[] = await db('workspaces').where({ id: workspaceId }).update(columns).returning(['id', 'name', 'attribution_window_days']);
  return row ? view(row) : null;
}
