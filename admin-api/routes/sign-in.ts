import type Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import type { z } from 'zod';
import type { Db } from '../../core/db';
import { AppError } from '../../core/errors';
import { acceptInvitation } from '../../core/people/invitations';
import { confirmPasswordReset, startPasswordReset } from '../../core/people/password-reset';
import { findSignedInMember, signIn, type SignedIn } from '../../core/people/sign-in';
import { endSessionByCookie, startSession } from '../../core/people/sessions';
import { parseBody } from '../parse-body';
import { originOf, type PeopleDeps } from '../people-deps';
import { acceptInvitationBody, passwordResetBody, passwordResetConfirmBody, signInBody, type signedInAnswer } from '../schemas/people';
import { clearSessionCookie, refuseForeignOrigin, SESSION_COOKIE, setSessionCookie } from '../session-cookie';

/**
 * The routes a person uses before they are signed in: sign-in, sign-out, accepting an invitation,
 * resetting a password. A browser may only post here from the dashboard's origin (no sign-in CSRF);
 * a client that sends no Origin (a script) is not a browser and is let through.
 */
export function mountSignInRoutes(router: Router, deps: { db: Db; people: PeopleDeps }): void {
  const adminOrigin = () => originOf(deps.people.publicAdminUrl());
  const refuseOtherOrigins = (ctx: ParameterizedContext) => {
    if (ctx.get('Origin')) refuseForeignOrigin(ctx, adminOrigin());
  };

  async function signInAs(ctx: ParameterizedContext, member: SignedIn): Promise<void> {
    await startSessionWithCookie(ctx, deps, member);
    const answer: z.infer<typeof signedInAnswer> = {
      email: member.email,
      workspace: { id: member.workspaceId, name: member.workspaceName },
      role: member.role,
    };
    ctx.body = answer;
  }

  router.post('/api/v1/auth/sign-in', async (ctx) => {
    refuseOtherOrigins(ctx);
    const body = parseBody(signInBody, ctx.request.body);
    const outcome = await signIn(deps.db, deps.people.secretKey, body);
    switch (outcome.kind) {
      case 'locked':
        ctx.set('Retry-After', String(outcome.retryAfterSeconds));
        throw new AppError('rate_limited', `Too many failed sign-ins for this e-mail; try again in ${outcome.retryAfterSeconds} seconds.`);
      case 'invalid_credentials':
        throw new AppError('invalid_credentials', 'Wrong e-mail or password.');
      case 'totp_required':
        throw new AppError('totp_required', 'Two-factor is on: send the 6-digit code from your authenticator app (or a recovery code) as totp.', {
          field: 'totp',
        });
      case 'invalid_totp':
        throw new AppError('invalid_totp', 'That code is not valid (or was already used).', { field: 'totp' });
      case 'signed_in':
        ctx.status = 200;
        return signInAs(ctx, outcome.member);
    }
  });

  router.post('/api/v1/auth/sign-out', async (ctx) => {
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    if (cookie) {
      refuseForeignOrigin(ctx, adminOrigin());
      await endSessionByCookie(deps.db, cookie);
    }
    clearSessionCookie(ctx, adminOrigin());
    ctx.status = 204;
  });

  router.post('/api/v1/auth/accept-invitation', async (ctx) => {
    refuseOtherOrigins(ctx);
    const body = parseBody(acceptInvitationBody, ctx.request.body);
    const accepted = await acceptInvitation(deps.db, body.token, body.password);
    if (accepted.kind === 'invalid_token') throw invalidToken('This invitation is not valid: it was used, revoked or has expired. Ask an Admin for a new one.');
    if (accepted.kind === 'wrong_password') throw new AppError('invalid_credentials', 'You already have an account: give its password to join this workspace.');
    const member = await findSignedInMember(deps.db, accepted.userId, accepted.workspaceId);
    if (!member) throw invalidToken('This invitation is not valid.');
    ctx.status = 201;
    await signInAs(ctx, member);
  });

  router.post('/api/v1/auth/password-reset', async (ctx) => {
    refuseOtherOrigins(ctx);
    const body = parseBody(passwordResetBody, ctx.request.body);
    const reset = await startPasswordReset(deps.db, body.email);
    if (reset && deps.people.mailer) {
      const link = `${deps.people.publicAdminUrl()}/reset-password?token=${encodeURIComponent(reset.token)}`;
      // Not awaited: the answer takes as long whether or not the address has an account.
      void deps.people.mailer.send({
        to: reset.email,
        subject: 'Reset your InfluTrace password',
        text: `Someone (hopefully you) asked to reset your InfluTrace password.\n\nChoose a new one within the hour:\n${link}\n\nThe link works once. If it was not you, ignore this mail.\n`,
      });
    }
    ctx.status = 202;
    ctx.body = { accepted: true };
  });

  router.post('/api/v1/auth/password-reset/confirm', async (ctx) => {
    refuseOtherOrigins(ctx);
    const body = parseBody(passwordResetConfirmBody, ctx.request.body);
    if (!(await confirmPasswordReset(deps.db, body.token, body.password))) {
      throw invalidToken('This reset link is not valid: it was used or is more than an hour old. Ask for a new one.');
    }
    ctx.status = 204;
  });
}

/** Starts a server-side session for the member and sets the `influtrace_session` cookie (password and single sign-on alike). */
export async function startSessionWithCookie(ctx: ParameterizedContext, deps: { db: Db; people: PeopleDeps }, member: SignedIn): Promise<void> {
  const session = await startSession(deps.db, { workspaceId: member.workspaceId, userId: member.userId, userAgent: ctx.get('User-Agent') || null });
  setSessionCookie(ctx, session.cookieValue, originOf(deps.people.publicAdminUrl()));
}

const invalidToken = (message: string) => new AppError('invalid_token', message, { field: 'token' });
