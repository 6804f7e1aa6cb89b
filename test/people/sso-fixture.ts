import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { adminClient } from '../admin-api/api-client';
import { requestJson } from '../support/http';
import { startOpenIdProvider, type ProviderClient, type TestProvider } from '../support/openid-provider';
import type { Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { sessionCookieOf } from './people-client';

export const CLIENT = { clientId: 'influtrace-admin', clientSecret: 'influtrace client secret' };

export type SsoWorkspace = { provider: TestProvider; workspaceId: string; adminToken: string; callbackUrl: string };

/** A real OpenID provider on 127.0.0.1 knowing the admin API as a client, and a workspace whose Admin set it up with PATCH /api/v1/workspace. */
export async function startSsoWorkspace(p: Pipeline, otherClients: ProviderClient[] = []): Promise<SsoWorkspace> {
  const callbackUrl = `${p.adminUrl}/api/v1/auth/sso/callback`;
  const provider = await startOpenIdProvider([{ ...CLIENT, redirectUri: callbackUrl }, ...otherClients]);
  const { token: adminToken, workspaceId } = await newWorkspace(p.db);
  const configured = await adminClient(p.adminUrl)(adminToken).patch('/api/v1/workspace', { sso: { issuer: provider.issuer, ...CLIENT } });
  expect(configured.status, JSON.stringify(configured.body)).to.equal(200);
  return { provider, workspaceId, adminToken, callbackUrl };
}

/** A member of the workspace (invited, accepted with a password) with a provider account whose e-mail is `verified` or not. */
export async function ssoMember(p: Pipeline, sso: SsoWorkspace, verified = true) {
  const email = `sso-${randomString(8)}@people.test`;
  const invited = await adminClient(p.adminUrl)(sso.adminToken).post('/api/v1/invitations', { email, role: 'member' });
  const token = new URL(invited.body.acceptUrl as string).searchParams.get('token');
  const accepted = await requestJson(`${p.adminUrl}/api/v1/auth/accept-invitation`, { method: 'POST', body: { token, password: 'a long enough password' } });
  expect(accepted.status).to.equal(201);
  const login = `acct-${randomString(6)}`;
  sso.provider.accounts.set(login, { email, email_verified: verified });
  return { email, login, cookie: sessionCookieOf(accepted) };
}
