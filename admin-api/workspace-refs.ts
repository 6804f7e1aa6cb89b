import type { WorkspaceId } from '../core/domain/workspace-id';
import type { Db } from '../core/db';
import { AppError } from '../core/errors';
import { findCreator } from '../core/repositories/creators';
import { findIntegration, type Integration } from '../core/repositories/integrations';
import { foreignIntegrationIds } from '../core/repositories/enabled-integrations';

/** Ids named in a body must be this workspace's; another workspace's ids are answered as not found. */
export async function assertOwnCreator(db: Db, workspaceId: WorkspaceId, creatorId: string): Promise<void> {
  if (!(await findCreator(db, creatorId, workspaceId))) throw new AppError('not_found', `No creator ${creatorId} in your workspace.`, { field: 'creatorId' });
}

export async function assertOwnIntegrations(db: Db, workspaceId: WorkspaceId, integrationIds: string[]): Promise<void> {
  const foreign = await foreignIntegrationIds(db, workspaceId, integrationIds);
  if (foreign.length) throw new AppError('not_found', `No integration ${foreign.join(', ')} in your workspace.`, { field: 'integrationIds' });
}

/** PostgreSQL unique violations become a 409 with the caller's wording. */
export async function uniqueOr409<T>(work: () => Promise<T>, message: string, field: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('conflict', message, { field });
    throw err;
  }
}

/** The integration named in the path, if it is this workspace's; another workspace's is not found. */
export async function findOwnIntegration(db: Db, workspaceId: WorkspaceId, integrationId: string): Promise<Integration> {
  const integration = await findIntegration(db, integrationId, workspaceId);
  if (!integration) throw new AppError('not_found', 'No integration with this id in your workspace.');
  return integration;
}
