import type { Db } from '../db';

export type WorkspaceSettings = { id: string; name: string; attributionWindowDays: number; requireTwoFactor: boolean };
export type WorkspaceSettingsChange = { name?: string; attributionWindowDays?: number; requireTwoFactor?: boolean };

type Row = { id: string; name: string; attribution_window_days: number; require_two_factor: boolean };
const COLUMNS = ['id', 'name', 'attribution_window_days', 'require_two_factor'];

const view = (row: Row): WorkspaceSettings => ({
  id: row.id,
  name: row.name,
  attributionWindowDays: Number(row.attribution_window_days),
  requireTwoFactor: row.require_two_factor,
});

export async function findWorkspaceSettings(db: Db, workspaceId: string): Promise<WorkspaceSettings | null> {
  const row: Row | undefined = await db('workspaces').where({ id: workspaceId }).first(COLUMNS);
  return row ? view(row) : null;
}

/** Changes only the fields given; the order workflow reads the window from here when it attributes an order. */
export async function changeWorkspaceSettings(db: Db, workspaceId: string, change: WorkspaceSettingsChange): Promise<WorkspaceSettings | null> {
  const columns: Partial<Row> = {};
  if (change.name !== undefined) columns.name = change.name;
  if (change.attributionWindowDays !== undefined) columns.attribution_window_days = change.attributionWindowDays;
  if (change.requireTwoFactor !== undefined) columns.require_two_factor = change.requireTwoFactor;
  if (Object.keys(columns).length === 0) return findWorkspaceSettings(db, workspaceId);
  const [row]: Row[] = await db('workspaces').where({ id: workspaceId }).update(columns).returning(COLUMNS);
  return row ? view(row) : null;
}
