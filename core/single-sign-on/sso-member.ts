import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { findSignedInMember, type SignedIn } from '../people/sign-in';
import { openSecret } from '../webhooks/secret-box';
import type { ProvidedIdentity, SsoSettings } from './openid-provider';

/** The workspace's OpenID settings with the client secret opened, or null when it has none (or no such workspace). */
export async function findSsoSettings(db: Db, key: Buffer, workspaceId: WorkspaceId): Promise<SsoSettings | null> {
  const row: { sso_issuer: string | null; sso_client_id: string | null; sso_client_secret_sealed: string | null } | undefined = await db('workspaces')
    .where({ id: workspaceId })
    .first('sso_issuer', 'sso_client_id', 'sso_client_secret_sealed');
  if (!row?.sso_issuer || !row.sso_client_id || !row.sso_client_secret_sealed) return null;
  return { issuer: row.sso_issuer, clientId: row.sso_client_id, clientSecret: openSecret(key, `sso:${workspaceId}`, row.sso_client_secret_sealed) };
}

export type SsoMemberOutcome = { kind: 'member'; member: SignedIn } | { kind: 'unverified_email' } | { kind: 'not_a_member' };

/** The workspace's member whose e-mail the provider verified; an e-mail the provider did not verify matches nobody. */
export async function findSsoMember(db: Db, workspaceId: WorkspaceId, identity: ProvidedIdentity): Promise<SsoMemberOutcome> {
  if (!identity.email || !identity.emailVerified) return { kind: 'unverified_email' };
  const user: { id: string } | undefined = await db('users').where({ email: identity.email }).first('id');
  const member = user ? await findSignedInMember(db, user.id, workspaceId) : null;
  return member ? { kind: 'member', member } : { kind: 'not_a_member' };
}
