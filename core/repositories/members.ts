import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import type { Role } from '../domain/rules';
import { endSessionsInWorkspace } from '../people/sessions';

export type Member = { id: string; email: string; role: Role; createdAt: Date };

type MemberRow = { user_id: string; email: string; role: Role; created_at: Date };

const toMember = (r: MemberRow): Member => ({ id: r.user_id, email: r.email, role: r.role, createdAt: r.created_at });

function members(db: Db, workspaceId: WorkspaceId) {
  return db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.workspace_id', workspaceId)
    .select('m.user_id', 'u.email', 'm.role', 'm.created_at');
}

export async function listMembers(db: Db, workspaceId: WorkspaceId, page: { limit: number; offset: number }): Promise<Member[]> {
  const rows: MemberRow[] = await members(db, workspaceId)
    .orderBy([{ column: 'm.created_at' }, { column: 'm.user_id' }])
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(toMember);
}

export async function findMember(db: Db, workspaceId: WorkspaceId, userId: string): Promise<Member | null> {
  const row: MemberRow | undefined = await members(db, workspaceId).andWhere('m.user_id', userId).first();
  return row ? toMember(row) : null;
}

export type MemberChange = 'changed' | 'not_found' | 'last_admin';

/**
 * Changes a role, or removes the member (role null) and revokes their tokens and ends their sessions in this workspace.
 * The workspace's admins are locked first so that two admins demoting each other cannot leave none.
 */
export async function changeMember(db: Db, workspaceId: WorkspaceId, userId: string, role: Role | null): Promise<MemberChange> {
  return db.transaction(async (trx) => {
    const admins: { user_id: string }[] = await trx('memberships').where({ workspace_id: workspaceId, role: 'admin' }).forUpdate().select('user_id');
    const current: { role: Role } | undefined = await trx('memberships').where({ workspace_id: workspaceId, user_id: userId }).forUpdate().first('role');
    if (!current) return 'not_found';
    const losesAdmin = current.role === 'admin' && role !== 'admin';
    if (losesAdmin && admins.length <= 1) return 'last_admin';
    if (role) {
      await trx('memberships').where({ workspace_id: workspaceId, user_id: userId }).update({ role });
    } else {
      await trx('memberships').where({ workspace_id: workspaceId, user_id: userId }).delete();
      await trx('api_tokens').where({ workspace_id: workspaceId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
      await endSessionsInWorkspace(trx, workspaceId, userId);
    }
    return 'changed';
  });
}
