import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { Role } from '../domain/rules';
import { hashToken, newApiToken } from '../domain/tokens';

export type Principal = { tokenId: string; userId: string; workspaceId: string; role: Role };

export async function createWorkspace(
  db: Db,
  input: { name: string; adminEmail: string },
): Promise<{ workspaceId: string; userId: string; adminToken: string }> {
  return db.transaction(async (trx) => {
    const workspaceId = newId('ws');
    await trx('workspaces').insert({ id: workspaceId, name: input.name });
    const { userId, token } = await addMember(trx, { workspaceId, email: input.adminEmail, role: 'admin' });
    return { workspaceId, userId, adminToken: token };
  });
}

/** Adds (or re-uses) a user by email, makes them a member with the role, and issues their first token. */
export async function addMember(db: Db, input: { workspaceId: string; email: string; role: Role }): Promise<{ userId: string; token: string }> {
  const email = input.email.trim().toLowerCase();
  const inserted = await db('users')
    .insert({ id: newId('usr'), email })
    .onConflict('email')
    .merge({ email })
    .returning('id');
  const userId = (inserted[0] as { id: string }).id;
  await db('memberships')
    .insert({ workspace_id: input.workspaceId, user_id: userId, role: input.role })
    .onConflict(['workspace_id', 'user_id'])
    .merge({ role: input.role });
  const token = await issueToken(db, { workspaceId: input.workspaceId, userId, name: 'default' });
  return { userId, token };
}

export async function issueToken(db: Db, input: { workspaceId: string; userId: string; name: string }): Promise<string> {
  const token = newApiToken();
  await db('api_tokens').insert({ id: newId('tok'), workspace_id: input.workspaceId, user_id: input.userId, name: input.name, token_hash: hashToken(token) });
  return token;
}

export async function findPrincipalByToken(db: Db, token: string): Promise<Principal | null> {
  const row = await db('api_tokens as t')
    .join('memberships as m', function joinMembership() {
      this.on('m.workspace_id', '=', 't.workspace_id').andOn('m.user_id', '=', 't.user_id');
    })
    .where('t.token_hash', hashToken(token))
    .whereNull('t.revoked_at')
    .first('t.id as tokenId', 't.user_id as userId', 't.workspace_id as workspaceId', 'm.role as role');
  return (row as Principal | undefined) ?? null;
}

export async function touchToken(db: Db, tokenId: string): Promise<void> {
  await db('api_tokens').where({ id: tokenId }).update({ last_used_at: db.fn.now() });
}
