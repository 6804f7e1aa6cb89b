import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import type { Role } from '../domain/rules';
import type { Principal } from './workspaces';

/** Who is calling, as a client shows it: their workspace, email and role. */
/** twoFactor: whether the person signs in with a second factor (TOTP). */
export type CallerProfile = { workspaceId: WorkspaceId; workspaceName: string; userId: string; email: string; role: Role; twoFactor: boolean };

export async function findCallerProfile(db: Db, principal: Principal): Promise<CallerProfile | null> {
  const row = await db('memberships as m')
    .join('workspaces as w', 'w.id', 'm.workspace_id')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.workspace_id': principal.workspaceId, 'm.user_id': principal.userId })
    .first<{ workspaceName: string; email: string; twoFactor: boolean } | undefined>(
      'w.name as workspaceName',
      'u.email as email',
      db.raw('u.totp_secret_sealed is not null as "twoFactor"'),
    );
  if (!row) return null;
  return {
    workspaceId: principal.workspaceId,
    workspaceName: row.workspaceName,
    userId: principal.userId,
    email: row.email,
    role: principal.role,
    twoFactor: row.twoFactor,
  };
}
