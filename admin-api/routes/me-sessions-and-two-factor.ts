import type Router from '@koa/router';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { endSession, listSessions, type SessionView } from '../../core/people/sessions';
import { checkSecondFactor, confirmTwoFactor, isTwoFactorOn, startTwoFactor, turnOffTwoFactor } from '../../core/people/two-factor';
import type { AdminState } from '../auth';
import { parseBody } from '../parse-body';
import type { PeopleDeps } from '../people-deps';
import { totpCodeBody, type sessionAnswer, type totpConfirmedAnswer, type totpStartAnswer } from '../schemas/people';

const sessionView = (s: SessionView): z.infer<typeof sessionAnswer> => ({
  id: s.id,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  userAgent: s.userAgent,
  current: s.current,
});

/** The caller's own sessions and two-factor sign-in (TOTP, RFC 6238, with 10 recovery codes). */
export function mountMeSessionAndTwoFactorRoutes(router: Router<AdminState>, deps: { db: Db; people: PeopleDeps }): void {
  router.get('/api/v1/me/sessions', async (ctx) => {
    const { principal } = ctx.state;
    ctx.body = { data: (await listSessions(deps.db, principal, deps.people.sessions, principal.sessionId)).map(sessionView) };
  });

  router.delete('/api/v1/me/sessions/:id', async (ctx) => {
    if (!(await endSession(deps.db, ctx.state.principal.userId, String(ctx.params.id))))
      throw new AppError('not_found', 'No live session of yours with this id.');
    ctx.status = 204;
  });

  router.post('/api/v1/me/totp', async (ctx) => {
    const { userId } = ctx.state.principal;
    if (await isTwoFactorOn(deps.db, userId)) throw new AppError('conflict', 'Two-factor is already on; turn it off first (DELETE /api/v1/me/totp).');
    const answer: z.infer<typeof totpStartAnswer> = await startTwoFactor(deps.db, deps.people.secretKey, userId);
    ctx.body = answer;
  });

  router.post('/api/v1/me/totp/confirm', async (ctx) => {
    const { code } = parseBody(totpCodeBody, ctx.request.body);
    const recoveryCodes = await confirmTwoFactor(deps.db, deps.people.secretKey, ctx.state.principal.userId, code);
    if (!recoveryCodes) throw new AppError('invalid_totp', 'That code does not match the secret from POST /api/v1/me/totp.', { field: 'code' });
    const answer: z.infer<typeof totpConfirmedAnswer> = { enabled: true, recoveryCodes };
    ctx.body = answer;
  });

  router.delete('/api/v1/me/totp', async (ctx) => {
    const { code } = parseBody(totpCodeBody, ctx.request.body);
    const { userId } = ctx.state.principal;
    if (!(await checkSecondFactor(deps.db, deps.people.secretKey, userId, code))) {
      throw new AppError('invalid_totp', 'Give a current code (or a recovery code) to turn two-factor off.', { field: 'code' });
    }
    await turnOffTwoFactor(deps.db, userId);
    ctx.status = 204;
  });
}
