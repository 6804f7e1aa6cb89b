import { trustedWorkspaceId, type WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { Role } from '../domain/rules';
import { hashToken, newApiToken } from '../domain/tokens';

/** Who is calling, the same whether they came with an API token or a session cookie (tokenId / sessionId: whichever it was, else null). */
export type Principal = { tokenId: string | null; sessionId: string | null; userId: string; workspaceId: WorkspaceId; role: Role };

export async function createWorkspace(
  db: Db,
  input: { name: string; adminEmail: string },
): Promise<{ workspaceId: WorkspaceId; userId: string; adminToken: string }> {
  return db.transaction(async (trx) => {
    const workspaceId = trustedWorkspaceId(newId('ws'));
    await trx('workspaces').insert({ id: workspaceId, name: input.name });
    const added = await addMember(trx, { workspaceId, email: input.adminEmail, role: 'admin' });
    if (!added) throw new Error('a new workspace cannot already have members');
    const { userId, token } = added;
    return { workspaceId, userId, adminToken: token };
  });
}

/**
 * Adds (or re-uses) a user by email, makes them a member with the role, and issues their first
 * token. Returns null when the user is already a member of this workspace: their role is not changed.
 */
export async function addMember(db: Db, input: { workspaceId: WorkspaceId; email: string; role: Role }): Promise<{ userId: string; token: string } | null> {
  const email = input.email.trim().toLowerCase();
  const inserted = await db('users')
    .insert({ id: newId('usr'), email })
    .onConflict('email')
    .merge({ email })
    .returning('id');
  const userId = (inserted[0] as { id: string }).id;
  const joined = await db('memberships')
    .insert({ workspace_id: input.workspaceId, user_id: userId, role: input.role })
    .onConflict(['workspace_id', 'user_id'])
    .ignore()
    .returning('user_id');
  if (joined.length === 0) return null;
  const { token } = await issueToken(db, { workspaceId: input.workspaceId, userId, name: 'default' });
  return { userId, token };
}

/** A new token for a member; the secret is returned here once and stored only hashed. */
export async function issueToken(db: Db, input: { workspaceId: WorkspaceId; userId: string; name: string }): Promise<{ id: string; token: string }> {
  const token = newApiToken();
  const id = newId('tok');
  await db('api_tokens').insert({ id, workspace_id: input.workspaceId, user_id: input.userId, name: input.name, token_hash: hashToken(token) });
  return { id, token };
}

export async function findPrincipalByToken(db: Db, token: string): Promise<(Principal & { tokenId: string }) | null> {
  const row = await db('api_tokens as t')
    .join('memberships as m', function joinMembership() {
      this.on('m.workspace_id', '=', 't.workspace_id').andOn('m.user_id', '=', 't.user_id');
    })
    .where('t.token_hash', hashToken(token))
    .whereNull('t.revoked_at')
    .first('t.id as tokenId', 't.user_id as userId', 't.workspace_id as workspaceId', 'm.role as role');
  return row ? { ...(row as Principal & { tokenId: string }), sessionId: null } : null;
}

export async function touchToken(db: Db, tokenId: string): Promise<void> {
  await db('api_tokens').where({ id: tokenId }).update({ last_used_at: db.fn.now() });
}
