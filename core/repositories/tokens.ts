import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';

/** A token as it may be shown: never its secret nor its hash. */
export type ApiToken = { id: string; name: string; userId: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

type TokenRow = { id: string; name: string; user_id: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null };

const COLUMNS = ['id', 'name', 'user_id', 'created_at', 'last_used_at', 'revoked_at'];

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function listTokens(db: Db, workspaceId: WorkspaceId, page: { limit: number; offset: number }): Promise<ApiToken[]> {
  const rows: TokenRow[] = await db('api_tokens')
    .where({ workspace_id: workspaceId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .limit(page.limit)
    .offset(page.offset)
    .select(COLUMNS);
  return rows.map(toToken);
}

export async function findToken(db: Db, workspaceId: WorkspaceId, id: string): Promise<ApiToken | null> {
  const row: TokenRow | undefined = await db('api_tokens').where({ workspace_id: workspaceId, id }).first(COLUMNS);
  return row ? toToken(row) : null;
}

/** Revoking is idempotent: the first revocation time is kept. */
export async function revokeToken(db: Db, workspaceId: WorkspaceId, id: string): Promise<ApiToken | null> {
  await db('api_tokens').where({ workspace_id: workspaceId, id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
  return findToken(db, workspaceId, id);
}
