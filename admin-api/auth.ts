import type { Middleware, ParameterizedContext } from 'koa';
import type { Db } from '../core/db';
import { AppError } from '../core/errors';
import { findSessionPrincipal, type SessionLifetime } from '../core/people/sessions';
import { findPrincipalByToken, touchToken, type Principal } from '../core/repositories/workspaces';
import { refuseForeignOrigin, SESSION_COOKIE } from './session-cookie';

export type AdminState = { principal: Principal };
export type AdminContext = ParameterizedContext<AdminState>;

const TOUCH_EVERY_MS = 60_000;

/** What a person whose workspace requires two-factor may still do before turning it on. */
const TWO_FACTOR_SETUP = /^\/api\/v1\/me(\/totp(\/confirm)?|\/sessions(\/[^/]+)?)?$/;

export type AuthDeps = { db: Db; sessions: SessionLifetime; adminOrigin: () => string };

/**
 * One principal (workspace, user, role) whichever way the caller came: `Authorization: Bearer itk_…`
 * (scripts) or the `influtrace_session` cookie (people). A change made with the cookie must come from
 * the dashboard's own origin. A token's last use is recorded at most once a minute; a session's on each request.
 */
export function authenticate(deps: AuthDeps): Middleware<AdminState> {
  const lastTouched = new Map<string, number>();
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'));
    if (match?.[1]) {
      const principal = await findPrincipalByToken(deps.db, match[1]);
      if (!principal) throw unauthorized();
      const now = Date.now();
      if ((lastTouched.get(principal.tokenId) ?? 0) < now - TOUCH_EVERY_MS) {
        lastTouched.set(principal.tokenId, now);
        await touchToken(deps.db, principal.tokenId);
      }
      ctx.state.principal = principal;
      return next();
    }
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    const session = cookie ? await findSessionPrincipal(deps.db, cookie, deps.sessions) : null;
    if (!session) throw unauthorized();
    refuseForeignOrigin(ctx, deps.adminOrigin());
    if (session.twoFactorMissing && !TWO_FACTOR_SETUP.test(ctx.path)) {
      throw new AppError('two_factor_required', 'This workspace requires two-factor sign-in: turn it on in your account (POST /api/v1/me/totp) first.');
    }
    const { sessionId, userId, workspaceId, role } = session;
    ctx.state.principal = { tokenId: null, sessionId, userId, workspaceId, role };
    return next();
  };
}

function unauthorized(): AppError {
  return new AppError('unauthorized', 'A valid API token is required: Authorization: Bearer <token> (people sign in to the dashboard instead).');
}

export function requireAdmin(ctx: AdminContext): void {
  if (ctx.state.principal.role !== 'admin') throw new AppError('forbidden', 'Only an Admin can do this.');
}
