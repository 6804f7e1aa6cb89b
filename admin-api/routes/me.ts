import type Router from '@koa/router';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { findCallerProfile } from '../../core/repositories/caller-profile';
import type { AdminState } from '../auth';

/** GET /api/v1/me: the caller's workspace, email and role, so a client can show what they may do. */
export function mountMeRoutes(router: Router<AdminState>, deps: { db: Db }): void {
  router.get('/api/v1/me', async (ctx) => {
    const profile = await findCallerProfile(deps.db, ctx.state.principal);
    // The token was valid a moment ago; its user or workspace vanishing in between is the same as a revoked token.
    if (!profile) throw new AppError('unauthorized', 'A valid API token is required: Authorization: Bearer <token>.');
    ctx.body = {
      workspace: { id: profile.workspaceId, name: profile.workspaceName },
      user: { id: profile.userId, email: profile.email, twoFactor: profile.twoFactor },
      role: profile.role,
    };
  });
}
