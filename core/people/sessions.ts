import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { Role } from '../domain/rules';
import { hashSecret, newSecret } from './secret-tokens';

export type SessionLifetime = { idleSeconds: number; maxSeconds: number };
/** twoFactorMissing: the workspace requires two-factor and this person has not turned it on yet. */
export type SessionPrincipal = { sessionId: string; userId: string; workspaceId: WorkspaceId; role: Role; twoFactorMissing: boolean };
export type SessionView = { id: string; createdAt: Date; lastSeenAt: Date; userAgent: string | null; current: boolean };

/** A new session; the cookie value (returned once) is the only copy of its secret. */
export async function startSession(
  db: Db,
  input: { workspaceId: WorkspaceId; userId: string; userAgent: string | null },
): Promise<{ id: string; cookieValue: string }> {
  const { secret, hash } = newSecret('ses');
  const id = newId('ses');
  await db('sessions').insert({
    id,
    token_hash: hash,
    workspace_id: input.workspaceId,
    user_id: input.userId,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { id, cookieValue: secret };
}

/** Sessions still alive: not ended, used within the idle time and younger than the absolute limit. */
function alive(db: Db, lifetime: SessionLifetime) {
  return db('sessions as s')
    .whereNull('s.ended_at')
    .andWhereRaw(`s.last_seen_at > now() - make_interval(secs => ?)`, [lifetime.idleSeconds])
    .andWhereRaw(`s.created_at > now() - make_interval(secs => ?)`, [lifetime.maxSeconds]);
}

/** The cookie's session and the member it signs in, when alive and still a member; its last use becomes now. */
export async function findSessionPrincipal(db: Db, cookieValue: string, lifetime: SessionLifetime): Promise<SessionPrincipal | null> {
  const row: SessionPrincipal | undefined = await alive(db, lifetime)
    .join('memberships as m', function joinMembership() {
      this.on('m.workspace_id', '=', 's.workspace_id').andOn('m.user_id', '=', 's.user_id');
    })
    .join('users as u', 'u.id', 's.user_id')
    .join('workspaces as w', 'w.id', 's.workspace_id')
    .where('s.token_hash', hashSecret(cookieValue))
    .first(
      's.id as sessionId',
      's.user_id as userId',
      's.workspace_id as workspaceId',
      'm.role as role',
      db.raw('(w.require_two_factor and u.totp_secret_sealed is null) as "twoFactorMissing"'),
    );
  if (!row) return null;
  await db('sessions').where({ id: row.sessionId }).update({ last_seen_at: db.fn.now() });
  return row;
}

export async function listSessions(
  db: Db,
  principal: { userId: string; workspaceId: WorkspaceId },
  lifetime: SessionLifetime,
  currentId: string | null,
): Promise<SessionView[]> {
  const rows: { id: string; created_at: Date; last_seen_at: Date; user_agent: string | null }[] = await alive(db, lifetime)
    .where({ 's.user_id': principal.userId, 's.workspace_id': principal.workspaceId })
    .orderBy([{ column: 's.created_at', order: 'desc' }, { column: 's.id' }])
    .select('s.id', 's.created_at', 's.last_seen_at', 's.user_agent');
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, userAgent: r.user_agent, current: r.id === currentId }));
}

/** Ends one of the person's sessions; false when there is no such live session of theirs. */
export async function endSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const ended = await db('sessions').where({ id: sessionId, user_id: userId }).whereNull('ended_at').update({ ended_at: db.fn.now() });
  return ended > 0;
}

/** Ends every session of a person in this workspace (their role there changed or ended). */
export async function endSessionsInWorkspace(db: Db, workspaceId: WorkspaceId, userId: string): Promise<void> {
  await db('sessions').where({ user_id: userId, workspace_id: workspaceId }).whereNull('ended_at').update({ ended_at: db.fn.now() });
}

/** Ends every session of a person in every workspace (their password was reset). */
export async function endSessionsAcrossWorkspaces(db: Db, userId: string): Promise<void> {
  await db('sessions').where({ user_id: userId }).whereNull('ended_at').update({ ended_at: db.fn.now() });
}

/** Sign-out: the cookie's session is dead on the server at once. */
export async function endSessionByCookie(db: Db, cookieValue: string): Promise<void> {
  await db('sessions')
    .where({ token_hash: hashSecret(cookieValue) })
    .whereNull('ended_at')
    .update({ ended_at: db.fn.now() });
}
