import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import { linkEnablement, setEnabledIntegrations, withEnabledIntegrations } from './enabled-integrations';

export type Link = { id: string; workspaceId: WorkspaceId; creatorId: string; code: string; destinationUrl: string; integrationIds: string[]; createdAt: Date };

type LinkRow = { id: string; workspace_id: WorkspaceId; creator_id: string; code: string; destination_url: string; created_at: Date };

function withIntegrations(db: Db, rows: LinkRow[]): Promise<Link[]> {
  return withEnabledIntegrations(db, linkEnablement, rows, (r, integrationIds) => ({
    id: r.id,
    workspaceId: r.workspace_id,
    creatorId: r.creator_id,
    code: r.code,
    destinationUrl: r.destination_url,
    integrationIds,
    createdAt: r.created_at,
  }));
}

export async function createLink(
  db: Db,
  input: { workspaceId: WorkspaceId; creatorId: string; code: string; destinationUrl: string; integrationIds: string[] },
): Promise<Link> {
  const id = newId('lnk');
  await db.transaction(async (trx) => {
    await trx('links').insert({ id, workspace_id: input.workspaceId, creator_id: input.creatorId, code: input.code, destination_url: input.destinationUrl });
    await setEnabledIntegrations(trx, linkEnablement, { workspaceId: input.workspaceId, id }, input.integrationIds);
  });
  return (await findLink(db, id, input.workspaceId)) as Link;
}

export async function findLink(db: Db, id: string, workspaceId: WorkspaceId): Promise<Link | null> {
  const rows = await db<LinkRow>('links').where({ id, workspace_id: workspaceId });
  const [link] = await withIntegrations(db, rows);
  return link ?? null;
}

export async function listLinks(db: Db, workspaceId: WorkspaceId, page: { limit: number; offset: number }): Promise<Link[]> {
  return withIntegrations(
    db,
    await db<LinkRow>('links').where({ workspace_id: workspaceId }).orderBy(['created_at', 'id']).limit(page.limit).offset(page.offset),
  );
}

/** What a tracking redirect needs, by public code. */
export async function findLinkTargetInAnyWorkspace(db: Db, code: string): Promise<{ linkId: string; workspaceId: WorkspaceId; destinationUrl: string } | null> {
  const row = await db<LinkRow>('links').where({ code }).first('id', 'workspace_id', 'destination_url');
  return row ? { linkId: row.id, workspaceId: row.workspace_id, destinationUrl: row.destination_url } : null;
}

export type ClickToRecord = { clickId: string; linkId: string; workspaceId: string; clickedAt: Date; isUnique: boolean };

/** One statement for a batch of clicks; a click already stored (a retried job) is left as it is. */
export async function recordClicksAcrossWorkspaces(db: Db, clicks: ClickToRecord[]): Promise<void> {
  if (clicks.length === 0) return;
  await db('clicks')
    .insert(clicks.map((c) => ({ id: c.clickId, link_id: c.linkId, workspace_id: c.workspaceId, clicked_at: c.clickedAt, is_unique: c.isUnique })))
    .onConflict('id')
    .ignore();
}
