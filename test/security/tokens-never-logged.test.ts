import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { hashToken } from '../../core/domain/tokens';
import { SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../../core/public-paths';
import { postAsServer } from '../ingest/server-harness';
import { requestJson, sendBeacon } from '../support/http';
import { captureLogs } from '../support/log-capture';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { authenticator } from 'otplib';
import { linkIn, startSmtpReceiver } from '../support/smtp-receiver';
import { testConfig } from '../support/test-config';
import { sessionCookieOf } from '../people/people-client';
import { CLIENT, ssoMember, startSsoWorkspace } from '../people/sso-fixture';
import { redirectWalker } from '../support/redirect-walker';

/** test/admin-api/members-and-tokens.test.ts and integrations.test.ts prove tokens are stored only hashed. */
describe("API tokens, secret keys and people's secrets in the logs of ingest, the admin API, the consumer and the worker", function () {
  this.timeout(120_000);
  const logs = captureLogs('trace');
  let p: Pipeline;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let store: ConnectedStore;
  const secrets: string[] = [];

  before(async function () {
    this.timeout(120_000);
    smtp = await startSmtpReceiver();
    const base = testConfig();
    p = await startPipeline({ log: logs.log, config: { people: { ...base.people, smtpUrl: smtp.url } } });
    store = await connectStore(p, 'https://logged-shop.example.com');
    secrets.push(store.token);
  });
  after(async () => {
    await p?.stop();
    await smtp?.close();
  });

  it('never appear, in clear or hashed, after tokens are issued, used, refused and revoked at trace level', async () => {
    const api = (method: string, path: string, token: string, body?: unknown) => requestJson(`${p.adminUrl}${path}`, { method, token, body });

    const member = await api('POST', '/api/v1/members', store.token, { email: `logged-${randomString(6)}@shop.test`, role: 'member' });
    expect(member.status).to.equal(201);
    secrets.push(member.body.token);
    const issued = await api('POST', '/api/v1/tokens', store.token, { name: 'reporting' });
    expect(issued.status).to.equal(201);
    secrets.push(issued.body.token);

    for (const token of secrets) expect((await api('GET', '/api/v1/orders', token)).status).to.equal(200);
    expect((await api('POST', '/api/v1/integrations', member.body.token, { type: 'custom', websiteUrl: 'https://member.example.com' })).status).to.equal(403);

    // Refused tokens: one character off, never issued, in another scheme, with garbage after it.
    const wrong = [`${store.token.slice(0, -1)}${store.token.endsWith('A') ? 'B' : 'A'}`, `itk_${randomString(40)}`];
    secrets.push(...wrong);
    for (const token of wrong) expect((await api('GET', '/api/v1/orders', token)).status).to.equal(401);
    for (const authorization of [`Token ${store.token}`, `Bearer ${store.token} extra`, `Basic ${Buffer.from(`user:${store.token}`).toString('base64')}`]) {
      const refused = await requestJson(`${p.adminUrl}/api/v1/orders`, { headers: { Authorization: authorization } });
      expect(refused.status).to.equal(401);
    }
    // A token in the wrong place: a query string and a beacon body.
    expect((await requestJson(`${p.adminUrl}/api/v1/orders?token=${store.token}`)).status).to.equal(401);
    const orderId = `LOGGED-${randomString(6)}`;
    await api('POST', '/api/v1/coupons', store.token, { creatorId: store.creatorId, code: 'LOGGED10', integrationIds: [store.integrationId] });
    const beacon = await sendBeacon(p.ingestUrl, store.origin, {
      id: store.integrationId,
      type: 'order',
      url: `${store.origin}/thanks`,
      order: { orderId, value: 10, currency: 'EUR', coupon: 'LOGGED10' },
    });
    expect(beacon.status).to.equal(202);
    expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited' });
    expect(
      (await sendBeacon(p.ingestUrl, 'https://evil.example', { id: store.integrationId, type: 'order', order: { orderId, value: 1, currency: 'EUR' } })).status,
    ).to.equal(403);

    const revoked = await api('DELETE', `/api/v1/tokens/${issued.body.id}`, store.token);
    expect(revoked.status).to.equal(200);
    expect((await api('GET', '/api/v1/orders', issued.body.token)).status).to.equal(401);

    const text = logs.text();
    expect(logs.lineCount(), 'the capture saw the processes log').to.be.greaterThan(5);
    // Temporal's runtime logger is installed once per process, possibly by an earlier test file: the order id may be logged there.
    expect(text, 'the capture saw this integration').to.include(store.integrationId);
    for (const secret of secrets) {
      expect(text, 'a token in the logs').to.not.include(secret);
      expect(text, "a token's secret part in the logs").to.not.include(secret.replace(/^itk_/, ''));
      expect(text, "a token's hash in the logs").to.not.include(hashToken(secret));
    }
  });

  it("never show an integration's secret key, in clear or hashed, after it is created, used, refused and revoked", async () => {
    const keysPath = `${p.adminUrl}/api/v1/integrations/${store.integrationId}/keys`;
    const created = await requestJson(keysPath, { token: store.token, body: { name: 'logged server' } });
    expect(created.status).to.equal(201);
    const key: string = created.body.key;
    const orderId = `LOGGED-SRV-${randomString(6)}`;
    expect((await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, { orderId, value: 10, currency: 'EUR', coupon: 'LOGGED10' })).status).to.equal(202);
    expect(await orderOutcome(p, store, orderId)).to.include({ status: 'credited' });
    expect((await postAsServer(p.ingestUrl, SERVER_REFUNDS_PATH, key, { orderId, refundId: 'RF-LOGGED', value: 1, currency: 'EUR' })).status).to.equal(202);
    const wrong = `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`;
    expect((await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, wrong, { orderId, value: 10, currency: 'EUR' })).status).to.equal(401);
    expect((await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, { orderId, value: -1, currency: 'EUR' })).status).to.equal(400);
    expect((await requestJson(`${keysPath}/${created.body.id}`, { method: 'DELETE', token: store.token })).status).to.equal(200);
    const refused = await waitFor(
      async () => (await postAsServer(p.ingestUrl, SERVER_ORDERS_PATH, key, { orderId, value: 10, currency: 'EUR' })).status === 401,
      'the key refused',
    );
    expect(refused).to.equal(true);

    const text = logs.text();
    for (const secret of [key, wrong]) {
      expect(text, 'a secret key in the logs').to.not.include(secret);
      expect(text, "a secret key's secret part in the logs").to.not.include(secret.replace(/^isk_/, ''));
      expect(text, "a secret key's hash in the logs").to.not.include(hashToken(secret));
    }
  });

  it('never show a password, a session id, a TOTP secret, a recovery code, an invitation or a reset token, in clear or hashed', async () => {
    const origin = new URL(p.adminUrl).origin;
    const post = (path: string, body: unknown, cookie?: string) =>
      requestJson(`${p.adminUrl}${path}`, { method: 'POST', body, headers: cookie ? { Cookie: `influtrace_session=${cookie}`, Origin: origin } : {} });
    const email = `logged-person-${randomString(6)}@shop.test`;
    const password = `logged password ${randomString(12)}`;
    const invited = await requestJson(`${p.adminUrl}/api/v1/invitations`, { token: store.token, body: { email, role: 'member' } });
    expect(invited.status).to.equal(201);
    const invitationToken = new URL(invited.body.acceptUrl).searchParams.get('token')!;
    const accepted = await post('/api/v1/auth/accept-invitation', { token: invitationToken, password });
    expect(accepted.status).to.equal(201);
    const cookie = sessionCookieOf(accepted);
    const wrongPassword = `wrong password ${randomString(12)}`;
    expect((await post('/api/v1/auth/sign-in', { email, password: wrongPassword })).status).to.equal(401);

    const started = await post('/api/v1/me/totp', {}, cookie);
    expect(started.status).to.equal(200);
    const totpSecret: string = started.body.secret;
    const confirmed = await post('/api/v1/me/totp/confirm', { code: authenticator.generate(totpSecret) }, cookie);
    expect(confirmed.status).to.equal(200);
    const recoveryCodes: string[] = confirmed.body.recoveryCodes;
    expect((await post('/api/v1/auth/sign-in', { email, password, totp: recoveryCodes[0] })).status).to.equal(200);

    expect((await post('/api/v1/auth/password-reset', { email })).status).to.equal(202);
    const resetLink = linkIn(await smtp.mailTo(email, /reset/i), `${p.adminUrl}/reset-password?token=`);
    const resetToken = new URL(resetLink).searchParams.get('token')!;
    const newPassword = `new logged password ${randomString(12)}`;
    expect((await post('/api/v1/auth/password-reset/confirm', { token: resetToken, password: newPassword })).status).to.equal(204);
    const again = await post('/api/v1/auth/sign-in', { email, password: newPassword, totp: recoveryCodes[1] });
    expect(again.status).to.equal(200);
    const secondCookie = sessionCookieOf(again);
    expect((await post('/api/v1/auth/sign-out', {}, secondCookie)).status).to.equal(204);
    expect((await requestJson(`${p.adminUrl}/api/v1/me`, { headers: { Cookie: `influtrace_session=${secondCookie}` } })).status).to.equal(401);

    const text = logs.text();
    const personal = [password, wrongPassword, newPassword, cookie, secondCookie, totpSecret, ...recoveryCodes, invitationToken, resetToken];
    for (const secret of personal) {
      expect(text, "a person's secret in the logs").to.not.include(secret);
      expect(text, "a person's secret, hashed, in the logs").to.not.include(hashToken(secret));
    }
  });

  it("never show the SSO client secret, the provider's code, tokens, state or nonce, or the session it starts", async () => {
    const sso = await startSsoWorkspace(p);
    try {
      const { login } = await ssoMember(p, sso);
      let tokenAnswer: Record<string, unknown> = {};
      sso.provider.rewriteTokenAnswer = (body) => (tokenAnswer = body);
      const browser = redirectWalker();
      const started = await browser.request(`${p.adminUrl}/api/v1/auth/sso/${sso.workspaceId}`);
      const authorize = new URL(started.location!);
      const pending = browser.cookie(new URL(p.adminUrl).origin, 'influtrace_sso')!;
      const callback = new URL(await browser.walk(started.location!, { login, stopAt: sso.callbackUrl }));
      const finished = await browser.request(callback.href);
      expect(finished.response.status, finished.text).to.equal(302);
      const session = browser.cookie(new URL(p.adminUrl).origin, 'influtrace_session')!;
      const text = logs.text();
      const ssoSecrets = [
        CLIENT.clientSecret,
        pending,
        session,
        authorize.searchParams.get('state')!,
        authorize.searchParams.get('nonce')!,
        callback.searchParams.get('code')!,
        String(tokenAnswer.id_token),
        String(tokenAnswer.access_token),
      ];
      for (const secret of ssoSecrets) {
        expect(secret).to.have.length.above(10);
        expect(text, 'a single sign-on secret in the logs').to.not.include(secret);
        expect(text, 'a single sign-on secret, hashed, in the logs').to.not.include(hashToken(secret));
      }
    } finally {
      await sso.provider.close();
    }
  });
});
