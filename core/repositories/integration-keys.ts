import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import { hashToken, newIntegrationSecretKey } from '../domain/tokens';

/** A secret key as it may be shown: never its secret nor its hash. */
export type IntegrationKey = {
  id: string;
  integrationId: string;
  name: string;
  lastFour: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** What ingest needs to know about the caller of a secret key: the key, and whose integration it is. */
export type KeyHolder = { keyId: string; integrationId: string; workspaceId: WorkspaceId };

type KeyRow = { id: string; integration_id: string; name: string; last_four: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null };

const COLUMNS = ['id', 'integration_id', 'name', 'last_four', 'created_at', 'last_used_at', 'revoked_at'];

const toKey = (r: KeyRow): IntegrationKey => ({
  id: r.id,
  integrationId: r.integration_id,
  name: r.name,
  lastFour: r.last_four,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** A new key for the integration; the secret is returned here once and stored only hashed. */
export async function createIntegrationKey(
  db: Db,
  input: { workspaceId: WorkspaceId; integrationId: string; name: string },
): Promise<{ key: IntegrationKey; secret: string }> {
  const secret = newIntegrationSecretKey();
  const [row] = await db('integration_keys')
    .insert({
      id: newId('key'),
      workspace_id: input.workspaceId,
      integration_id: input.integrationId,
      name: input.name,
      key_hash: hashToken(secret),
      last_four: secret.slice(-4),
    })
    .returning(COLUMNS);
  return { key: toKey(row as KeyRow), secret };
}

export async function listIntegrationKeys(
  db: Db,
  workspaceId: WorkspaceId,
  integrationId: string,
  page: { limit: number; offset: number },
): Promise<IntegrationKey[]> {
  const rows: KeyRow[] = await db('integration_keys')
    .where({ workspace_id: workspaceId, integration_id: integrationId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .limit(page.limit)
    .offset(page.offset)
    .select(COLUMNS);
  return rows.map(toKey);
}

export async function findIntegrationKey(db: Db, workspaceId: WorkspaceId, integrationId: string, id: string): Promise<IntegrationKey | null> {
  const row: KeyRow | undefined = await db('integration_keys').where({ workspace_id: workspaceId, integration_id: integrationId, id }).first(COLUMNS);
  return row ? toKey(row) : null;
}

/** Revoking is idempotent: the first revocation time is kept. */
export async function revokeIntegrationKey(db: Db, workspaceId: WorkspaceId, integrationId: string, id: string): Promise<IntegrationKey | null> {
  await db('integration_keys')
    .where({ workspace_id: workspaceId, integration_id: integrationId, id })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() });
  return findIntegrationKey(db, workspaceId, integrationId, id);
}

/** The holder of a key that is not revoked, by the SHA-256 of its secret (hashToken); null for any other hash. Ingest's authentication: any workspace's key. */
export async function findKeyHolderInAnyWorkspace(db: Db, keyHash: string): Promise<KeyHolder | null> {
  const row: { id: string; integration_id: string; workspace_id: WorkspaceId } | undefined = await db('integration_keys')
    .where({ key_hash: keyHash })
    .whereNull('revoked_at')
    .first('id', 'integration_id', 'workspace_id');
  return row ? { keyId: row.id, integrationId: row.integration_id, workspaceId: row.workspace_id } : null;
}

export async function touchIntegrationKey(db: Db, keyId: string): Promise<void> {
  await db('integration_keys').where({ id: keyId }).update({ last_used_at: db.fn.now() });
}
