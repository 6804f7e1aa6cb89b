import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { Role } from '../domain/rules';
import { checkPassword, hashPassword } from './passwords';
import { hashSecret, newSecret } from './secret-tokens';

export const INVITATION_DAYS = 7;

export type Invitation = { id: string; email: string; role: Role; createdAt: Date; expiresAt: Date };

type Row = { id: string; email: string; role: Role; created_at: Date; expires_at: Date };
const toInvitation = (r: Row): Invitation => ({ id: r.id, email: r.email, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at });
const COLUMNS = ['id', 'email', 'role', 'created_at', 'expires_at'];

const pending = (db: Db, workspaceId: WorkspaceId) =>
  db('invitations').where({ workspace_id: workspaceId }).whereNull('accepted_at').whereNull('revoked_at').andWhere('expires_at', '>', db.fn.now());

/** A new one-time invitation (valid 7 days; an earlier pending one for the same e-mail is revoked); null when the e-mail is already a member. */
export async function inviteMember(
  db: Db,
  input: { workspaceId: WorkspaceId; email: string; role: Role },
): Promise<{ invitation: Invitation; token: string } | null> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (trx) => {
    const member = await trx('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'm.workspace_id': input.workspaceId, 'u.email': email })
      .first('m.user_id');
    if (member) return null;
    await pending(trx, input.workspaceId).andWhere({ email }).update({ revoked_at: trx.fn.now() });
    const { secret, hash } = newSecret('inv');
    const [row]: Row[] = await trx('invitations')
      .insert({
        id: newId('inv'),
        token_hash: hash,
        workspace_id: input.workspaceId,
        email,
        role: input.role,
        expires_at: trx.raw(`now() + make_interval(days => ?)`, [INVITATION_DAYS]),
      })
      .returning(COLUMNS);
    return { invitation: toInvitation(row!), token: secret };
  });
}

export async function listPendingInvitations(db: Db, workspaceId: WorkspaceId): Promise<Invitation[]> {
  const rows: Row[] = await pending(db, workspaceId)
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select(COLUMNS);
  return rows.map(toInvitation);
}

export async function revokeInvitation(db: Db, workspaceId: WorkspaceId, id: string): Promise<boolean> {
  return (await pending(db, workspaceId).andWhere({ id }).update({ revoked_at: db.fn.now() })) > 0;
}

export type Acceptance = { kind: 'accepted'; userId: string; workspaceId: WorkspaceId } | { kind: 'invalid_token' } | { kind: 'wrong_password' };

/**
 * Spends the invitation (once, before it expires, unless revoked) and makes its e-mail a member.
 * A person who already has a password (a member elsewhere) must give that password: an invitation never replaces it.
 */
export async function acceptInvitation(db: Db, token: string, password: string): Promise<Acceptance> {
  return spendInvitation(db, token, password).catch((err: unknown) => {
    if (err instanceof WrongPassword) return { kind: 'wrong_password' } as const;
    throw err;
  });
}

/** Thrown inside the transaction so that the invitation is not spent. */
class WrongPassword extends Error {}

function spendInvitation(db: Db, token: string, password: string): Promise<Acceptance> {
  return db.transaction(async (trx) => {
    const [invitation]: { workspace_id: WorkspaceId; email: string; role: Role }[] = await trx('invitations')
      .where({ token_hash: hashSecret(token) })
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .andWhere('expires_at', '>', trx.fn.now())
      .update({ accepted_at: trx.fn.now() })
      .returning(['workspace_id', 'email', 'role']);
    if (!invitation) return { kind: 'invalid_token' };
    const existing: { id: string; password_hash: string | null } | undefined = await trx('users')
      .where({ email: invitation.email })
      .first('id', 'password_hash');
    let userId = existing?.id;
    if (existing?.password_hash) {
      if (!(await checkPassword(existing.password_hash, password))) throw new WrongPassword();
    } else if (existing) {
      await trx('users')
        .where({ id: existing.id })
        .update({ password_hash: await hashPassword(password) });
    } else {
      userId = newId('usr');
      await trx('users').insert({ id: userId, email: invitation.email, password_hash: await hashPassword(password) });
    }
    await trx('memberships')
      .insert({ workspace_id: invitation.workspace_id, user_id: userId, role: invitation.role })
      .onConflict(['workspace_id', 'user_id'])
      .ignore();
    return { kind: 'accepted', userId: userId!, workspaceId: invitation.workspace_id };
  });
}
