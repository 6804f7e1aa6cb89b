import type { Middleware, ParameterizedContext } from 'koa';
import type { Db } from '../core/db';
import { AppError } from '../core/errors';
import { findPrincipalByToken, touchToken, type Principal } from '../core/repositories/workspaces';

export type AdminState = { principal: Principal };
export type AdminContext = ParameterizedContext<AdminState>;

const TOUCH_EVERY_MS = 60_000;

/** Bearer token → principal (workspace, user, role). The token's last use is recorded, at most once a minute. */
export function authenticate(db: Db): Middleware<AdminState> {
  const lastTouched = new Map<string, number>();
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'));
    const principal = match?.[1] ? await findPrincipalByToken(db, match[1]) : null;
    if (!principal) throw new AppError('unauthorized', 'A valid API token is required: Authorization: Bearer <token>.');
    const now = Date.now();
    if ((lastTouched.get(principal.tokenId) ?? 0) < now - TOUCH_EVERY_MS) {
      lastTouched.set(principal.tokenId, now);
      await touchToken(db, principal.tokenId);
    }
    ctx.state.principal = principal;
    await next();
  };
}

export function requireAdmin(ctx: AdminContext): void {
  if (ctx.state.principal.role !== 'admin') throw new AppError('forbidden', 'Only an Admin can do this.');
}
