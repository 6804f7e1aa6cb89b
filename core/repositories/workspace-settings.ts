import type { WorkspaceId } from '../domain/workspace-id';
import type { CommissionRule } from '../commissions/commission-rule';
import type { Db } from '../db';

/** sso: the workspace's OpenID provider, never its client secret (stored sealed, see sealSsoSecret). */
export type WorkspaceSettings = {
  id: string;
  name: string;
  attributionWindowDays: number;
  requireTwoFactor: boolean;
  sso: { issuer: string; clientId: string } | null;
  commission: CommissionRule | null;
  commissionHoldDays: number;
  minimumPayout: Record<string, number>;
};
export type WorkspaceSettingsChange = {
  name?: string;
  attributionWindowDays?: number;
  requireTwoFactor?: boolean;
  /** null: single sign-on off. */
  sso?: { issuer: string; clientId: string; clientSecretSealed: string } | null;
  commission?: CommissionRule | null;
  commissionHoldDays?: number;
  minimumPayout?: Record<string, number>;
};

type Row = {
  id: string;
  name: string;
  attribution_window_days: number;
  require_two_factor: boolean;
  sso_issuer: string | null;
  sso_client_id: string | null;
  sso_client_secret_sealed?: string | null;
  commission: CommissionRule | null;
  commission_hold_days: number;
  minimum_payout: Record<string, number> | string;
};

const COLUMNS = [
  'id',
  'name',
  'attribution_window_days',
  'commission',
  'commission_hold_days',
  'minimum_payout',
  'require_two_factor',
  'sso_issuer',
  'sso_client_id',
];

const view = (row: Row): WorkspaceSettings => ({
  id: row.id,
  name: row.name,
  attributionWindowDays: Number(row.attribution_window_days),
  requireTwoFactor: row.require_two_factor,
  sso: row.sso_issuer && row.sso_client_id ? { issuer: row.sso_issuer, clientId: row.sso_client_id } : null,
  commission: row.commission ?? null,
  commissionHoldDays: Number(row.commission_hold_days),
  minimumPayout: typeof row.minimum_payout === 'string' ? (JSON.parse(row.minimum_payout) as Record<string, number>) : row.minimum_payout,
});

export async function findWorkspaceSettings(db: Db, workspaceId: WorkspaceId): Promise<WorkspaceSettings | null> {
  const row: Row | undefined = await db('workspaces').where({ id: workspaceId }).first(COLUMNS);
  return row ? view(row) : null;
}

/** Changes only the fields given; the order workflow reads the window and the commission rule from here when it credits an order. */
export async function changeWorkspaceSettings(db: Db, workspaceId: WorkspaceId, change: WorkspaceSettingsChange): Promise<WorkspaceSettings | null> {
  const columns: Record<string, unknown> = {};
  if (change.name !== undefined) columns.name = change.name;
  if (change.attributionWindowDays !== undefined) columns.attribution_window_days = change.attributionWindowDays;
  if (change.requireTwoFactor !== undefined) columns.require_two_factor = change.requireTwoFactor;
  if (change.sso !== undefined) {
    columns.sso_issuer = change.sso?.issuer ?? null;
    columns.sso_client_id = change.sso?.clientId ?? null;
    columns.sso_client_secret_sealed = change.sso?.clientSecretSealed ?? null;
  }
  if (change.commission !== undefined) columns.commission = change.commission === null ? null : JSON.stringify(change.commission);
  if (change.commissionHoldDays !== undefined) columns.commission_hold_days = change.commissionHoldDays;
  if (change.minimumPayout !== undefined) columns.minimum_payout = JSON.stringify(change.minimumPayout);
  if (Object.keys(columns).length === 0) return findWorkspaceSettings(db, workspaceId);
  const [row]: Row[] = await db('workspaces').where({ id: workspaceId }).update(columns).returning(COLUMNS);
  return row ? view(row) : null;
}
