import type { WorkspaceId } from '../domain/workspace-id';
import * as oidc from 'openid-client';
import { AppError } from '../errors';

/** A workspace's OpenID provider as configured by its Admin (the secret already opened). */
export type SsoSettings = { issuer: string; clientId: string; clientSecret: string };

/** What the browser's round trip to the provider must bring back: kept sealed in a short-lived HttpOnly cookie. */
export type PendingSignIn = { workspaceId: WorkspaceId; state: string; nonce: string; codeVerifier: string; redirectUri: string };

/** The e-mail the provider vouches for, and whether it says it verified it. */
export type ProvidedIdentity = { email: string | null; emailVerified: boolean };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * openid-client refuses plain-http issuers; a provider on this machine's loopback (a test, a local
 * Keycloak) is allowed over http, nothing else is.
 */
export const isLoopbackHttpIssuer = (issuer: string): boolean => {
  const url = new URL(issuer);
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
};

/** Discovery (`/.well-known/openid-configuration`) for the workspace's client; the provider being unreachable is a 503. */
export async function discoverProvider(settings: SsoSettings): Promise<oidc.Configuration> {
  try {
    return await oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      settings.clientSecret,
      undefined,
      isLoopbackHttpIssuer(settings.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  } catch {
    throw new AppError('service_unavailable', "The workspace's OpenID provider could not be reached (discovery failed).");
  }
}

/** The provider's authorization URL (code flow, PKCE S256, state, nonce) and what the callback must check. */
export async function startProviderSignIn(
  provider: oidc.Configuration,
  input: { workspaceId: WorkspaceId; redirectUri: string },
): Promise<{ url: URL; pending: PendingSignIn }> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const pending: PendingSignIn = { ...input, state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier };
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: input.redirectUri,
    scope: 'openid email',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

/**
 * Trades the code for tokens: openid-client checks the state, the PKCE verifier, the ID token's
 * signature (the provider's JWKS), issuer, audience (our client id), expiry and nonce. The e-mail
 * comes from the ID token, else from the userinfo endpoint (same subject). Any refusal → `sso_refused`.
 */
export async function finishProviderSignIn(provider: oidc.Configuration, callbackUrl: URL, pending: PendingSignIn): Promise<ProvidedIdentity> {
  let claims: oidc.IDToken | undefined;
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (err) {
    throw new AppError('sso_refused', `The OpenID provider's answer was refused: ${reasonOf(err)}.`);
  }
  if (!claims) throw new AppError('sso_refused', 'The OpenID provider sent no ID token.');
  if (typeof claims.email === 'string') return identityOf(claims);
  try {
    return identityOf(await oidc.fetchUserInfo(provider, tokens.access_token, claims.sub));
  } catch (err) {
    throw new AppError('sso_refused', `The OpenID provider's userinfo was refused: ${reasonOf(err)}.`);
  }
}

const identityOf = (claims: Record<string, unknown>): ProvidedIdentity => ({
  email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null,
  emailVerified: claims.email_verified === true,
});

/** openid-client's and the provider's error codes are safe to show (no token, no secret); anything else is not. */
function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; error?: unknown; message?: unknown };
  if (typeof e?.error === 'string') return e.error;
  const claimName = claimOf(err);
  const claim = claimName ? `, claim "${claimName}"` : '';
  if (typeof e?.code === 'string') return `${e.code} (${typeof e.message === 'string' ? e.message.slice(0, 200) : ''}${claim})`;
  return 'unexpected answer';
}

/** The JWT claim a check failed on (`aud`, `nonce`, …), wherever openid-client's chain of causes names it. */
function claimOf(err: unknown): string | null {
  for (let e = err as { claim?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth += 1) {
    if (typeof e.claim === 'string') return e.claim;
  }
  return null;
}
