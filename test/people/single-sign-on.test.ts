import { expect } from 'chai';
import * as oidc from 'openid-client';
import { randomString } from '../../core/domain/ids';
import { adminClient, expectError } from '../admin-api/api-client';
import { requestJson } from '../support/http';
import type { TestProvider } from '../support/openid-provider';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { redirectWalker } from '../support/redirect-walker';
import { newWorkspace } from '../support/store-setup';
import { asBrowser } from './people-client';
import { CLIENT, ssoMember, startSsoWorkspace, type SsoWorkspace } from './sso-fixture';

const OTHER_APP = { clientId: 'another-app', clientSecret: 'another app secret', redirectUri: 'http://127.0.0.1:9/another-app/callback' };

describe('single sign-on through a real OpenID provider (DESIGN.md "People sign in")', function () {
  let p: Pipeline;
  let sso: SsoWorkspace;
  let provider: TestProvider;
  let adminToken: string;
  let workspaceId: string;
  let callbackUrl: string;

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    sso = await startSsoWorkspace(p, [OTHER_APP]);
    ({ provider, adminToken, workspaceId, callbackUrl } = sso);
  });
  after(async () => {
    await p?.stop();
    await provider?.close();
  });

  const member = (verified = true) => ssoMember(p, sso, verified);
  const startUrl = () => `${p.adminUrl}/api/v1/auth/sso/${workspaceId}`;

  /** Walks from the start route through the provider's login and consent pages up to (not into) our callback. */
  async function throughProvider(login: string) {
    const browser = redirectWalker();
    const callback = await browser.walk(startUrl(), { login, stopAt: callbackUrl });
    return { browser, callback };
  }

  it('signs a member in: PKCE, state and nonce sent, the same session cookie as a password sign-in', async () => {
    const { email, login } = await member();
    const browser = redirectWalker();
    const started = await browser.request(startUrl());
    expect(started.response.status).to.equal(302);
    const authorize = new URL(started.location!);
    expect(authorize.origin).to.equal(provider.issuer);
    expect(Object.fromEntries(authorize.searchParams)).to.include({
      client_id: CLIENT.clientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: callbackUrl,
    });
    for (const param of ['state', 'nonce', 'code_challenge']) expect(authorize.searchParams.get(param)).to.have.length.above(20);
    const pendingCookie = started.response.headers.getSetCookie().find((c) => c.startsWith('influtrace_sso='))!;
    expect(pendingCookie).to.match(/; HttpOnly; SameSite=Lax; Path=\/api\/v1\/auth\/sso; Max-Age=600$/);
    expect(pendingCookie).to.not.include(authorize.searchParams.get('state')!);

    const callback = await browser.walk(started.location!, { login, stopAt: callbackUrl });
    const finished = await browser.request(callback);
    expect(finished.response.status, finished.text).to.equal(302);
    expect(finished.location).to.equal(`${p.adminUrl}/?signedIn=sso`);
    expect(finished.response.headers.getSetCookie().join('\n')).to.match(/influtrace_session=[^;]+; HttpOnly; SameSite=Lax; Path=\//);
    const me = await asBrowser(p.adminUrl, browser.cookie(new URL(p.adminUrl).origin, 'influtrace_session')!).get('/api/v1/me');
    expect(me.status).to.equal(200);
    expect(me.body.user.email).to.equal(email);
    expect(me.body).to.include({ role: 'member' });
  });

  it('refuses a callback whose state is not the one it sent', async () => {
    const { login } = await member();
    const { browser, callback } = await throughProvider(login);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'a-state-from-another-browser');
    const refused = await browser.request(forged.href);
    expect(refused.response.status).to.equal(401);
    expect(JSON.parse(refused.text).error.code).to.equal('sso_refused');
    expect(refused.response.headers.getSetCookie().join('\n')).to.not.include('influtrace_session=');
  });

  it('refuses a replayed code (even with the sealed state cookie copied)', async () => {
    const { login } = await member();
    const { browser, callback } = await throughProvider(login);
    const pending = browser.cookie(new URL(p.adminUrl).origin, 'influtrace_sso')!;
    expect((await browser.request(callback)).response.status).to.equal(302);
    const replayed = await requestJson(callback, { headers: { Cookie: `influtrace_sso=${pending}` } });
    expectError(replayed, 401, 'sso_refused');
    expect(replayed.body.error.message).to.include('invalid_grant');
    expect(replayed.headers.getSetCookie().join('\n')).to.not.include('influtrace_session=');
  });

  it('refuses an ID token the provider issued to another client (audience), even with our nonce', async () => {
    const { login } = await member();
    const browser = redirectWalker();
    const started = await browser.request(startUrl());
    const nonce = new URL(started.location!).searchParams.get('nonce')!;
    // Another application of the same provider obtains a genuine, signed ID token carrying our nonce…
    const other = await oidc.discovery(new URL(provider.issuer), OTHER_APP.clientId, OTHER_APP.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const otherUrl = oidc.buildAuthorizationUrl(other, {
      redirect_uri: OTHER_APP.redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
    });
    const otherCallback = await redirectWalker().walk(otherUrl.href, { login, stopAt: OTHER_APP.redirectUri });
    const foreign = await oidc.authorizationCodeGrant(other, new URL(otherCallback), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    // …and the token endpoint hands it to us in place of ours.
    const callback = await browser.walk(started.location!, { login, stopAt: callbackUrl });
    provider.rewriteTokenAnswer = (body) => ({ ...body, id_token: foreign.id_token });
    try {
      const refused = await browser.request(callback);
      expect(refused.response.status, refused.text).to.equal(401);
      const error = JSON.parse(refused.text).error;
      expect(error.code).to.equal('sso_refused');
      expect(error.message, error.message).to.include('claim "aud"');
    } finally {
      provider.rewriteTokenAnswer = null;
    }
  });

  it("refuses an e-mail the provider has not verified, even a member's", async () => {
    const { login } = await member(false);
    const { browser, callback } = await throughProvider(login);
    const refused = await browser.request(callback);
    expect(refused.response.status).to.equal(401);
    expect(JSON.parse(refused.text).error.code).to.equal('not_a_member');
    expect(refused.response.headers.getSetCookie().join('\n')).to.not.include('influtrace_session=');
  });

  it('answers 401 not_a_member to a verified person who is not a member', async () => {
    const login = `stranger-${randomString(6)}`;
    provider.accounts.set(login, { email: `${login}@people.test`, email_verified: true });
    const { browser, callback } = await throughProvider(login);
    const refused = await browser.request(callback);
    expect(refused.response.status).to.equal(401);
    expect(JSON.parse(refused.text).error.code).to.equal('not_a_member');
  });

  it('refuses a callback with no sign-in under way, and a workspace without single sign-on', async () => {
    expectError(await requestJson(`${callbackUrl}?code=x&state=y`), 401, 'sso_refused');
    const { workspaceId: plain } = await newWorkspace(p.db);
    expectError(await requestJson(`${p.adminUrl}/api/v1/auth/sso/${plain}`), 404, 'not_found');
    expectError(await requestJson(`${p.adminUrl}/api/v1/auth/sso/ws_nobody`), 404, 'not_found');
  });
  it('is turned off by an Admin with DELETE /api/v1/workspace/sso (a Member may not); the start route then answers 404', async () => {
    const { login, cookie } = await member();
    const { browser, callback } = await throughProvider(login);
    expectError(await asBrowser(p.adminUrl, cookie).send('DELETE', '/api/v1/workspace/sso'), 403, 'forbidden');
    const off = await adminClient(p.adminUrl)(adminToken).send('DELETE', '/api/v1/workspace/sso');
    expect(off.status).to.equal(200);
    expect(off.body.sso).to.equal(null);
    expectError(await requestJson(startUrl()), 404, 'not_found');
    // A round trip started before is refused too, and nothing sealed is left behind.
    const late = await browser.request(callback);
    expect(late.response.status).to.equal(401);
    expect(JSON.parse(late.text).error.code).to.equal('sso_refused');
    expect(await p.db('workspaces').where({ id: workspaceId }).first('sso_client_secret_sealed')).to.deep.equal({ sso_client_secret_sealed: null });
  });
});
