import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import type { Role } from '../domain/rules';
import { forgetSignInFailures, lockedForSeconds, recordSignInFailure } from './lock-out';
import { checkPassword } from './passwords';
import { checkSecondFactor } from './two-factor';

export type SignedIn = { userId: string; email: string; workspaceId: WorkspaceId; workspaceName: string; role: Role };

export type SignInOutcome =
  | { kind: 'signed_in'; member: SignedIn }
  | { kind: 'locked'; retryAfterSeconds: number }
  | { kind: 'invalid_credentials' }
  | { kind: 'totp_required' }
  | { kind: 'invalid_totp' };

/** The member a person signs in as: in the workspace given, else in their first. */
/** The person as a member of this workspace; null when they are not one. */
export function findSignedInMember(db: Db, userId: string, workspaceId: WorkspaceId): Promise<SignedIn | null> {
  return findMembership(db, userId, workspaceId);
}

/** Password sign-in: the person's first workspace (they choose none), whichever it is. */
export function findSignedInMemberInAnyWorkspace(db: Db, userId: string): Promise<SignedIn | null> {
  return findMembership(db, userId, null);
}

async function findMembership(db: Db, userId: string, workspaceId: WorkspaceId | null): Promise<SignedIn | null> {
  const query = db('memberships as m').join('users as u', 'u.id', 'm.user_id').join('workspaces as w', 'w.id', 'm.workspace_id').where('m.user_id', userId);
  if (workspaceId !== null) query.andWhere('m.workspace_id', workspaceId);
  const row = await query
    .orderBy([{ column: 'm.created_at' }, { column: 'm.workspace_id' }])
    .first<SignedIn | undefined>('m.user_id as userId', 'u.email as email', 'm.workspace_id as workspaceId', 'w.name as workspaceName', 'm.role as role');
  return row ?? null;
}

/**
 * E-mail and password (and a second factor when it is on). An unknown e-mail is checked against a
 * dummy hash and answered like a wrong password; each failure counts towards the e-mail's lock-out.
 */
export async function signIn(db: Db, key: Buffer, input: { email: string; password: string; totp?: string }): Promise<SignInOutcome> {
  const email = input.email.trim().toLowerCase();
  const retryAfterSeconds = await lockedForSeconds(db, email);
  if (retryAfterSeconds > 0) return { kind: 'locked', retryAfterSeconds };
  const user: { id: string; password_hash: string | null; totp_secret_sealed: string | null } | undefined = await db('users')
    .where({ email })
    .first('id', 'password_hash', 'totp_secret_sealed');
  const passwordMatches = await checkPassword(user?.password_hash ?? null, input.password);
  const member = user && passwordMatches ? await findSignedInMemberInAnyWorkspace(db, user.id) : null;
  if (!user || !member) {
    await recordSignInFailure(db, email);
    return { kind: 'invalid_credentials' };
  }
  if (user.totp_secret_sealed) {
    if (!input.totp) return { kind: 'totp_required' };
    if (!(await checkSecondFactor(db, key, user.id, input.totp))) {
      await recordSignInFailure(db, email);
      return { kind: 'invalid_totp' };
    }
  }
  await forgetSignInFailures(db, email);
  return { kind: 'signed_in', member };
}
