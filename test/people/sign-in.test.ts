import { expect } from 'chai';
import { authenticator } from 'otplib';
import { randomString } from '../../core/domain/ids';
import { passwordHashing } from '../../core/people/passwords';
import { adminClient, expectError, expectFieldNamed } from '../admin-api/api-client';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { linkIn, startSmtpReceiver } from '../support/smtp-receiver';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { asBrowser, sessionCookieOf, signIn } from './people-client';

const PASSWORD = 'correct horse battery staple';

describe('people sign in (DESIGN.md "People sign in")', function () {
  let p: Pipeline;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let api: ReturnType<typeof adminClient>;
  let adminToken: string;
  let workspaceId: string;

  before(async function () {
    this.timeout(120_000);
    smtp = await startSmtpReceiver();
    const base = testConfig();
    p = await startPipeline({ worker: false, config: { people: { ...base.people, smtpUrl: smtp.url } } });
    api = adminClient(p.adminUrl);
    ({ token: adminToken, workspaceId } = await newWorkspace(p.db));
  });
  after(async () => {
    await p?.stop();
    await smtp?.close();
  });

  const newEmail = (what: string) => `${what}-${randomString(8)}@people.test`;

  async function invite(email: string, role: 'admin' | 'member' = 'member') {
    const invited = await api(adminToken).post('/api/v1/invitations', { email, role });
    expect(invited.status, JSON.stringify(invited.body)).to.equal(201);
    return invited.body as { id: string; email: string; role: string; expiresAt: string; acceptUrl: string };
  }

  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
  const accept = (token: string, password = PASSWORD) =>
    requestJson(`${p.adminUrl}/api/v1/auth/accept-invitation`, { method: 'POST', body: { token, password } });

  /** A person invited and signed in through their invitation: e-mail, cookie, user id. */
  async function join(role: 'admin' | 'member' = 'member') {
    const email = newEmail(role);
    const invitation = await invite(email, role);
    const accepted = await accept(tokenOf(invitation.acceptUrl));
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(201);
    const cookie = sessionCookieOf(accepted);
    const me = await asBrowser(p.adminUrl, cookie).get('/api/v1/me');
    return { email, cookie, userId: me.body.user.id as string };
  }

  describe('invitations', () => {
    it('e-mails a one-time link, which makes the person a member who is signed in', async () => {
      const email = newEmail('invited');
      const invitation = await invite(email);
      expect(invitation.id).to.match(/^inv_/);
      expect(invitation).to.include({ email, role: 'member' });
      expect(invitation.acceptUrl).to.match(new RegExp(`^${p.adminUrl}/accept-invitation\\?token=`));
      const days = (Date.parse(invitation.expiresAt) - Date.now()) / 86_400_000;
      expect(days).to.be.within(6.9, 7.01);

      const mail = await smtp.mailTo(email, /invited/i);
      const link = linkIn(mail, `${p.adminUrl}/accept-invitation?token=`);
      expect(link).to.equal(invitation.acceptUrl);

      const accepted = await accept(tokenOf(link));
      expect(accepted.status).to.equal(201);
      expect(accepted.body).to.deep.equal({ email, workspace: { id: workspaceId, name: accepted.body.workspace.name }, role: 'member' });
      const me = await asBrowser(p.adminUrl, sessionCookieOf(accepted)).get('/api/v1/me');
      expect(me.status).to.equal(200);
      expect(me.body).to.include({ role: 'member' });
      expect(me.body.user.email).to.equal(email);
      const members = await api(adminToken).get('/api/v1/members');
      expect(members.body.data.map((m: { email: string }) => m.email)).to.include(email);
    });

    it('refuses an invitation used twice, expired or revoked, and lists only pending ones', async () => {
      const used = await invite(newEmail('twice'));
      expect((await accept(tokenOf(used.acceptUrl))).status).to.equal(201);
      expectFieldNamed(expectError(await accept(tokenOf(used.acceptUrl)), 400, 'invalid_token'), 'token');

      const expired = await invite(newEmail('expired'));
      await p
        .db('invitations')
        .where({ id: expired.id })
        .update({ expires_at: new Date(Date.now() - 1000) });
      expectError(await accept(tokenOf(expired.acceptUrl)), 400, 'invalid_token');

      const revoked = await invite(newEmail('revoked'));
      const pending = await invite(newEmail('pending'));
      expect((await api(adminToken).send('DELETE', `/api/v1/invitations/${revoked.id}`)).status).to.equal(204);
      expectError(await accept(tokenOf(revoked.acceptUrl)), 400, 'invalid_token');
      expectError(await api(adminToken).send('DELETE', `/api/v1/invitations/${revoked.id}`), 404, 'not_found');

      const list = (await api(adminToken).get('/api/v1/invitations')).body.data.map((i: { id: string }) => i.id);
      expect(list).to.include(pending.id);
      expect(list).to.not.include.members([used.id, expired.id, revoked.id]);
    });

    it('answers 409 for inviting an existing member, and 400 for a password under 12 characters', async () => {
      const member = await join();
      expectError(await api(adminToken).post('/api/v1/invitations', { email: member.email.toUpperCase(), role: 'admin' }), 409, 'conflict');
      const invitation = await invite(newEmail('short'));
      expectFieldNamed(expectError(await accept(tokenOf(invitation.acceptUrl), 'eleven char'), 400, 'validation_failed'), 'password');
      expect((await accept(tokenOf(invitation.acceptUrl))).status, 'the refused attempt did not spend the invitation').to.equal(201);
    });

    it('lets only an Admin invite', async () => {
      const member = await join();
      expectError(await asBrowser(p.adminUrl, member.cookie).post('/api/v1/invitations', { email: newEmail('x'), role: 'member' }), 403, 'forbidden');
    });
  });

  describe('sign-in', () => {
    it('sets an HttpOnly SameSite=Lax session cookie on Path=/ that signs the person in as their member', async () => {
      const member = await join('admin');
      const { response, cookie } = await signIn(p.adminUrl, { email: member.email, password: PASSWORD });
      expect(response.status).to.equal(200);
      expect(response.body).to.deep.equal({ email: member.email, workspace: response.body.workspace, role: 'admin' });
      expect(response.body.workspace.id).to.equal(workspaceId);
      const setCookie = response.headers.get('set-cookie')!;
      expect(setCookie).to.match(/^influtrace_session=ses_[0-9a-z]{40}; HttpOnly; SameSite=Lax; Path=\/$/);
      expect((await p.db('sessions').where({ token_hash: cookie }).first()) ?? null, 'the cookie value is not stored as it is').to.equal(null);
      const viaCookie = await asBrowser(p.adminUrl, cookie!).get('/api/v1/me');
      expect(viaCookie.body.user.id).to.equal(member.userId);
    });

    it('answers an unknown e-mail and a wrong password with the same 401, after the same argon2id verification', async () => {
      const member = await join();
      const wrong = await signIn(p.adminUrl, { email: member.email, password: 'not the password at all' });
      const unknown = await signIn(p.adminUrl, { email: newEmail('nobody'), password: 'not the password at all' });
      expectError(wrong.response, 401, 'invalid_credentials');
      expectError(unknown.response, 401, 'invalid_credentials');
      expect(unknown.response.body).to.deep.equal(wrong.response.body);

      // Both paths do the same work: one argon2id verification with the same parameters (an early
      // return would answer unknown e-mails without one, and faster). Watched, not timed.
      const verified: string[] = [];
      const verify = passwordHashing.verify;
      passwordHashing.verify = (hashed, password) => {
        verified.push(String(hashed));
        return verify(hashed, password);
      };
      try {
        await signIn(p.adminUrl, { email: newEmail('nobody'), password: `wrong ${randomString(6)}` });
        await signIn(p.adminUrl, { email: member.email, password: `wrong ${randomString(6)}` });
      } finally {
        passwordHashing.verify = verify;
      }
      expect(verified).to.have.length(2);
      for (const hashed of verified) expect(hashed).to.match(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(verified[0]).to.not.equal(verified[1]);
    });

    it('locks an e-mail after 10 failures within 15 minutes: 429 with Retry-After, even with the right password', async () => {
      const member = await join();
      for (let i = 0; i < 10; i += 1)
        expectError((await signIn(p.adminUrl, { email: member.email, password: `wrong password ${i}` })).response, 401, 'invalid_credentials');
      const locked = await signIn(p.adminUrl, { email: member.email, password: PASSWORD });
      expectError(locked.response, 429, 'rate_limited');
      const retryAfter = Number(locked.response.headers.get('retry-after'));
      expect(retryAfter).to.be.within(1, 15 * 60);
      const other = await join();
      expect((await signIn(p.adminUrl, { email: other.email, password: PASSWORD })).response.status, 'another e-mail is not locked').to.equal(200);
      // Fifteen minutes later (the failures moved back in time), the right password signs in again.
      await p.db('sign_in_failures').update({ failed_at: p.db.raw(`failed_at - interval '16 minutes'`) });
      expect((await signIn(p.adminUrl, { email: member.email, password: PASSWORD })).response.status).to.equal(200);
    });
  });

  describe('the session cookie', () => {
    it('refuses a change from another origin or with no Origin (403 csrf_refused), and accepts it from the dashboard', async () => {
      const admin = await join('admin');
      const body = { name: `Creator ${randomString(4)}` };
      expectError(await asBrowser(p.adminUrl, admin.cookie, 'https://evil.example').post('/api/v1/creators', body), 403, 'csrf_refused');
      expectError(await asBrowser(p.adminUrl, admin.cookie, null).post('/api/v1/creators', body), 403, 'csrf_refused');
      expect((await asBrowser(p.adminUrl, admin.cookie, 'https://evil.example').get('/api/v1/creators')).status, 'reads are not changes').to.equal(200);
      expect((await asBrowser(p.adminUrl, admin.cookie).post('/api/v1/creators', body)).status).to.equal(201);
      const bearer = await requestJson(`${p.adminUrl}/api/v1/creators`, {
        method: 'POST',
        token: adminToken,
        body,
        headers: { Origin: 'https://evil.example' },
      });
      expect(bearer.status, 'Bearer requests are unaffected').to.equal(201);
      expectError(
        await requestJson(`${p.adminUrl}/api/v1/auth/sign-in`, {
          method: 'POST',
          body: { email: admin.email, password: PASSWORD },
          headers: { Origin: 'https://evil.example' },
        }),
        403,
        'csrf_refused',
      );
    });

    it('yields the same principal as a token: same answers, same role rules', async () => {
      const member = await join();
      const token = (await api(adminToken).get('/api/v1/me')).body;
      const session = (await asBrowser(p.adminUrl, member.cookie).get('/api/v1/me')).body;
      expect(Object.keys(session).sort()).to.deep.equal(Object.keys(token).sort());
      expect(session.workspace).to.deep.equal(token.workspace);
      expectError(await asBrowser(p.adminUrl, member.cookie).post('/api/v1/tokens', { name: 'ci' }), 403, 'forbidden');
    });

    it('dies after 12 hours idle and after 30 days in all', async () => {
      const idle = await join();
      await p
        .db('sessions')
        .where({ user_id: idle.userId })
        .update({ last_seen_at: p.db.raw(`now() - interval '12 hours 1 second'`) });
      expectError(await asBrowser(p.adminUrl, idle.cookie).get('/api/v1/me'), 401, 'unauthorized');

      const busy = await join();
      await p
        .db('sessions')
        .where({ user_id: busy.userId })
        .update({ last_seen_at: p.db.raw(`now() - interval '11 hours'`) });
      expect((await asBrowser(p.adminUrl, busy.cookie).get('/api/v1/me')).status, 'used within 12 hours').to.equal(200);
      await p
        .db('sessions')
        .where({ user_id: busy.userId })
        .update({ created_at: p.db.raw(`now() - interval '30 days 1 second'`) });
      expectError(await asBrowser(p.adminUrl, busy.cookie).get('/api/v1/me'), 401, 'unauthorized');
    });

    it('ends at sign-out, on the server too', async () => {
      const member = await join();
      const out = await requestJson(`${p.adminUrl}/api/v1/auth/sign-out`, {
        method: 'POST',
        headers: { Cookie: `influtrace_session=${member.cookie}`, Origin: new URL(p.adminUrl).origin },
      });
      expect(out.status).to.equal(204);
      expect(out.headers.get('set-cookie')).to.match(/^influtrace_session=; HttpOnly; SameSite=Lax; Path=\/; Max-Age=0$/);
      expectError(await asBrowser(p.adminUrl, member.cookie).get('/api/v1/me'), 401, 'unauthorized');
    });

    it('ends when the member is removed', async () => {
      const member = await join();
      expect((await asBrowser(p.adminUrl, member.cookie).get('/api/v1/creators')).status).to.equal(200);
      expect((await api(adminToken).send('DELETE', `/api/v1/members/${member.userId}`)).status).to.equal(204);
      expectError(await asBrowser(p.adminUrl, member.cookie).get('/api/v1/creators'), 401, 'unauthorized');
      expect((await p.db('sessions').where({ user_id: member.userId }).whereNull('ended_at')).length).to.equal(0);
    });

    it('lists the caller’s sessions and ends one of them', async () => {
      const member = await join();
      const second = (await signIn(p.adminUrl, { email: member.email, password: PASSWORD })).cookie!;
      const list = await asBrowser(p.adminUrl, member.cookie).get('/api/v1/me/sessions');
      expect(list.status).to.equal(200);
      expect(list.body.data).to.have.length(2);
      expect(list.body.data.filter((s: { current: boolean }) => s.current)).to.have.length(1);
      expect(Object.keys(list.body.data[0]).sort()).to.deep.equal(['createdAt', 'current', 'id', 'lastSeenAt', 'userAgent']);
      const other = list.body.data.find((s: { current: boolean }) => !s.current);
      expect((await asBrowser(p.adminUrl, member.cookie).send('DELETE', `/api/v1/me/sessions/${other.id}`)).status).to.equal(204);
      expectError(await asBrowser(p.adminUrl, second).get('/api/v1/me'), 401, 'unauthorized');
      const stranger = await join();
      const mine = (await asBrowser(p.adminUrl, member.cookie).get('/api/v1/me/sessions')).body.data[0].id;
      expectError(await asBrowser(p.adminUrl, stranger.cookie).send('DELETE', `/api/v1/me/sessions/${mine}`), 404, 'not_found');
    });
  });

  describe('password reset', () => {
    const reset = (email: string) => requestJson(`${p.adminUrl}/api/v1/auth/password-reset`, { method: 'POST', body: { email } });
    const confirm = (token: string, password: string) =>
      requestJson(`${p.adminUrl}/api/v1/auth/password-reset/confirm`, { method: 'POST', body: { token, password } });

    it('answers 202 whatever the address, mails a one-time link, and ends every session of the person', async () => {
      const member = await join();
      expect((await reset(newEmail('nobody'))).status).to.equal(202);
      expect((await reset(member.email)).status).to.equal(202);
      const link = linkIn(await smtp.mailTo(member.email, /reset/i), `${p.adminUrl}/reset-password?token=`);
      const newPassword = 'a brand new passphrase';
      expect((await confirm(tokenOf(link), newPassword)).status).to.equal(204);
      expectError(await asBrowser(p.adminUrl, member.cookie).get('/api/v1/me'), 401, 'unauthorized');
      expectError((await signIn(p.adminUrl, { email: member.email, password: PASSWORD })).response, 401, 'invalid_credentials');
      expect((await signIn(p.adminUrl, { email: member.email, password: newPassword })).response.status).to.equal(200);
      expectFieldNamed(expectError(await confirm(tokenOf(link), 'yet another passphrase'), 400, 'invalid_token'), 'token');
    });

    it('refuses a link more than an hour old', async () => {
      const member = await join();
      expect((await reset(member.email)).status).to.equal(202);
      const link = linkIn(await smtp.mailTo(member.email, /reset/i), `${p.adminUrl}/reset-password?token=`);
      await p.db('password_resets').update({ expires_at: p.db.raw(`now() - interval '1 second'`) });
      expectError(await confirm(tokenOf(link), 'a brand new passphrase'), 400, 'invalid_token');
      expect((await signIn(p.adminUrl, { email: member.email, password: PASSWORD })).response.status).to.equal(200);
    });
  });

  describe('single sign-on settings', () => {
    it('keeps the OpenID provider of the workspace, its client secret encrypted and never shown again', async () => {
      const { token, workspaceId: id } = await newWorkspace(p.db);
      const clientSecret = `client-secret-${randomString(16)}`;
      const sso = { issuer: 'https://id.example.com', clientId: 'influtrace', clientSecret };
      const saved = await adminClient(p.adminUrl)(token).patch('/api/v1/workspace', { sso });
      expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
      expect(saved.body.sso).to.deep.equal({ issuer: 'https://id.example.com', clientId: 'influtrace' });
      const read = await adminClient(p.adminUrl)(token).get('/api/v1/workspace');
      expect(JSON.stringify(read.body)).to.not.include(clientSecret);
      const row = await p.db('workspaces').where({ id }).first('sso_client_secret_sealed');
      expect(row.sso_client_secret_sealed).to.be.a('string').and.not.include(clientSecret);
      expectFieldNamed(
        expectError(
          await adminClient(p.adminUrl)(token).patch('/api/v1/workspace', { sso: { ...sso, issuer: 'ftp://id.example.com' } }),
          400,
          'validation_failed',
        ),
        'sso.issuer',
      );
    });
  });

  describe('two-factor', () => {
    /** Waits until at least 5 seconds remain in the current 30-second step, so that "the step before" stays one step away. */
    async function awayFromStepEdge() {
      const intoStep = Date.now() % 30_000;
      if (intoStep > 25_000) await new Promise((resolve) => setTimeout(resolve, 30_500 - intoStep));
    }
    const codeAt = (secret: string, offsetSteps: number) => authenticator.clone({ epoch: Date.now() + offsetSteps * 30_000 }).generate(secret);

    async function turnOn(cookie: string) {
      const started = await asBrowser(p.adminUrl, cookie).post('/api/v1/me/totp');
      expect(started.status).to.equal(200);
      const { secret, otpauthUrl } = started.body as { secret: string; otpauthUrl: string };
      expect(otpauthUrl).to.match(/^otpauth:\/\/totp\/InfluTrace:/);
      expect(otpauthUrl).to.include(`secret=${secret}`);
      await awayFromStepEdge();
      const confirmed = await asBrowser(p.adminUrl, cookie).post('/api/v1/me/totp/confirm', { code: codeAt(secret, -1) });
      expect(confirmed.status, JSON.stringify(confirmed.body)).to.equal(200);
      expect(confirmed.body.enabled).to.equal(true);
      expect(confirmed.body.recoveryCodes).to.have.length(10);
      return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
    }

    it('asks for the code, accepts one a step either side, refuses two steps away and a code used again', async () => {
      const member = await join();
      const { secret } = await turnOn(member.cookie);
      expectError((await signIn(p.adminUrl, { email: member.email, password: PASSWORD })).response, 401, 'totp_required');
      await awayFromStepEdge();
      expectError((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: codeAt(secret, -2) })).response, 401, 'invalid_totp');
      expectError((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: codeAt(secret, 2) })).response, 401, 'invalid_totp');
      expect((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: codeAt(secret, 0) })).response.status).to.equal(200);
      expect((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: codeAt(secret, 1) })).response.status).to.equal(200);
      expectError((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: codeAt(secret, 1) })).response, 401, 'invalid_totp');
      expectError((await signIn(p.adminUrl, { email: 'x' + member.email, password: PASSWORD, totp: codeAt(secret, 0) })).response, 401, 'invalid_credentials');
    });

    it('accepts each recovery code once in place of the code', async () => {
      const member = await join();
      const { recoveryCodes } = await turnOn(member.cookie);
      expect(new Set(recoveryCodes).size).to.equal(10);
      expect((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: recoveryCodes[0] })).response.status).to.equal(200);
      expectError((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: recoveryCodes[0] })).response, 401, 'invalid_totp');
      expect((await signIn(p.adminUrl, { email: member.email, password: PASSWORD, totp: recoveryCodes[1] })).response.status).to.equal(200);
    });

    it('is turned off only with a valid code', async () => {
      const member = await join();
      const { secret } = await turnOn(member.cookie);
      expectError(await asBrowser(p.adminUrl, member.cookie).send('DELETE', '/api/v1/me/totp', { code: '000000' }), 401, 'invalid_totp');
      await awayFromStepEdge();
      expect((await asBrowser(p.adminUrl, member.cookie).send('DELETE', '/api/v1/me/totp', { code: codeAt(secret, 1) })).status).to.equal(204);
      expect((await signIn(p.adminUrl, { email: member.email, password: PASSWORD })).response.status).to.equal(200);
    });

    it('when the workspace requires it, keeps a person without it to turning it on', async () => {
      const { token } = await newWorkspace(p.db);
      const strict = adminClient(p.adminUrl)(token);
      const invitation = await strict.post('/api/v1/invitations', { email: newEmail('strict'), role: 'member' });
      const cookie = sessionCookieOf(await accept(tokenOf(invitation.body.acceptUrl)));
      expect((await strict.patch('/api/v1/workspace', { requireTwoFactor: true })).body.requireTwoFactor).to.equal(true);
      expectError(await asBrowser(p.adminUrl, cookie).get('/api/v1/creators'), 403, 'two_factor_required');
      expect((await asBrowser(p.adminUrl, cookie).get('/api/v1/me')).status).to.equal(200);
      expect((await strict.get('/api/v1/creators')).status, 'tokens (scripts) are not people').to.equal(200);
      await turnOn(cookie);
      expect((await asBrowser(p.adminUrl, cookie).get('/api/v1/creators')).status).to.equal(200);
    });
  });
});
