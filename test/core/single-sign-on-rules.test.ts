import { trustedWorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { isLoopbackHttpIssuer } from '../../core/single-sign-on/openid-provider';
import { openPendingSignIn, PENDING_SIGN_IN_SECONDS, sealPendingSignIn } from '../../core/single-sign-on/pending-sign-in';

describe('single sign-on rules', () => {
  /** Plain http is allowed only for a provider on this machine's loopback. */
  const ISSUERS: [string, boolean][] = [
    ['http://127.0.0.1:4000', true],
    ['http://localhost:8080/realms/shop', true],
    ['http://[::1]:9000', true],
    ['https://127.0.0.1:4000', false],
    ['https://id.example.com', false],
    ['http://id.example.com', false],
    ['http://127.0.0.1.example.com', false],
    ['http://10.0.0.5', false],
  ];
  for (const [issuer, allowed] of ISSUERS) {
    it(`${allowed ? 'allows' : 'does not allow'} insecure requests to ${issuer}`, () => {
      expect(isLoopbackHttpIssuer(issuer)).to.equal(allowed);
    });
  }

  describe('the sealed pending sign-in', () => {
    const key = randomBytes(32);
    const pending = {
      workspaceId: trustedWorkspaceId('ws_1'),
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      redirectUri: 'http://127.0.0.1/api/v1/auth/sso/callback',
    };

    it('opens to what was sealed, within its lifetime', () => {
      const sealed = sealPendingSignIn(key, pending, 1_000);
      expect(sealed).to.not.include('ws_1');
      expect(openPendingSignIn(key, sealed, 1_000 + PENDING_SIGN_IN_SECONDS * 1000 - 1)).to.deep.equal(pending);
    });

    it('does not open when expired, missing, altered or sealed under another key', () => {
      const sealed = sealPendingSignIn(key, pending, 1_000);
      expect(openPendingSignIn(key, sealed, 1_000 + PENDING_SIGN_IN_SECONDS * 1000)).to.equal(null);
      expect(openPendingSignIn(key, undefined)).to.equal(null);
      const bytes = Buffer.from(sealed.split('.')[1]!, 'base64');
      bytes[bytes.length - 1]! ^= 1;
      expect(openPendingSignIn(key, `v1.${bytes.toString('base64')}`, 1_000)).to.equal(null);
      expect(openPendingSignIn(randomBytes(32), sealed, 1_000)).to.equal(null);
    });
  });
});
