import type { WorkspaceId } from '../core/domain/workspace-id';
import type { Db } from '../core/db';
import { newId } from '../core/domain/ids';
import { createWorkspace } from '../core/repositories/workspaces';

/** A workspace for the write-path bench: one integration, one creator, 200 links. */
export async function newWorkspace(db: Db): Promise<{ workspaceId: WorkspaceId; integrationId: string; creatorId: string; linkIds: string[] }> {
  const { workspaceId } = await createWorkspace(db, { name: 'Bench writes', adminEmail: `writes-${newId('usr')}@bench.test` });
  const integrationId = newId('int');
  const creatorId = newId('cre');
  await db('integrations').insert({
    id: integrationId,
    workspace_id: workspaceId,
    type: 'custom',
    website_url: 'https://shop.bench.test',
    origin: 'https://shop.bench.test',
    status: 'connected',
  });
  await db('creators').insert({ id: creatorId, workspace_id: workspaceId, name: 'Bench creator' });
  const linkIds = Array.from({ length: 200 }, () => newId('lnk'));
  await db('links').insert(
    linkIds.map((id) => ({ id, workspace_id: workspaceId, creator_id: creatorId, code: id, destination_url: 'https://shop.bench.test/' })),
  );
  return { workspaceId, integrationId, creatorId, linkIds };
}
