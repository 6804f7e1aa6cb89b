import { trustedWorkspaceId } from '../../core/domain/workspace-id';
import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { discoverProvider, finishProviderSignIn, startProviderSignIn } from '../../core/single-sign-on/openid-provider';
import { openPendingSignIn, PENDING_SIGN_IN_SECONDS, sealPendingSignIn } from '../../core/single-sign-on/pending-sign-in';
import { findSsoMember, findSsoSettings } from '../../core/single-sign-on/sso-member';
import { originOf, type PeopleDeps } from '../people-deps';
import { clearSsoPendingCookie, setSsoPendingCookie, SSO_PENDING_COOKIE } from '../session-cookie';
import { startSessionWithCookie } from './sign-in';

export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';

/**
 * Single sign-on (OpenID Connect, authorization code with PKCE). The start route sends the browser
 * to the workspace's provider with a fresh state, nonce and PKCE challenge, sealed in a 10-minute
 * HttpOnly cookie; the callback checks them (and the ID token) and signs in the member whose
 * verified e-mail matches, then sends the browser to the dashboard.
 */
export function mountSingleSignOnRoutes(router: Router, deps: { db: Db; people: PeopleDeps }): void {
  const adminOrigin = () => originOf(deps.people.publicAdminUrl());

  // Registered before /:workspaceId so that "callback" is never taken for a workspace id.
  router.get(SSO_CALLBACK_PATH, async (ctx) => {
    const pending = openPendingSignIn(deps.people.secretKey, ctx.cookies.get(SSO_PENDING_COOKIE));
    clearSsoPendingCookie(ctx, adminOrigin());
    if (!pending) throw new AppError('sso_refused', 'No single sign-on is under way in this browser (or it is more than 10 minutes old): start again.');
    const settings = await findSsoSettings(deps.db, deps.people.secretKey, pending.workspaceId);
    if (!settings) throw new AppError('sso_refused', 'Single sign-on is no longer set up for this workspace.');
    const provider = await discoverProvider(settings);
    // The redirect URI the provider was given (openid-client sends it again with the code).
    const callbackUrl = new URL(`${pending.redirectUri}${ctx.search}`);
    const identity = await finishProviderSignIn(provider, callbackUrl, pending);
    const found = await findSsoMember(deps.db, pending.workspaceId, identity);
    if (found.kind === 'unverified_email') {
      throw new AppError('not_a_member', 'The OpenID provider did not say this e-mail is verified (email_verified), so it matches no member.');
    }
    if (found.kind === 'not_a_member') throw new AppError('not_a_member', 'This person is not a member of the workspace: ask an Admin for an invitation.');
    await startSessionWithCookie(ctx, deps, found.member);
    ctx.redirect(`${deps.people.publicAdminUrl()}/?signedIn=sso`);
  });

  router.get('/api/v1/auth/sso/:workspaceId', async (ctx) => {
    // The public start of a single sign-on: the person names the workspace they sign in to.
    const workspaceId = trustedWorkspaceId(ctx.params.workspaceId!);
    const settings = await findSsoSettings(deps.db, deps.people.secretKey, workspaceId);
    if (!settings) throw new AppError('not_found', 'No workspace with this id has single sign-on set up.', { field: 'workspaceId' });
    const provider = await discoverProvider(settings);
    const { url, pending } = await startProviderSignIn(provider, { workspaceId, redirectUri: `${deps.people.publicAdminUrl()}${SSO_CALLBACK_PATH}` });
    setSsoPendingCookie(ctx, sealPendingSignIn(deps.people.secretKey, pending), PENDING_SIGN_IN_SECONDS, adminOrigin());
    ctx.redirect(url.href);
  });
}
