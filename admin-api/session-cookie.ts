import type { ParameterizedContext } from 'koa';
import { AppError } from '../core/errors';

export const SESSION_COOKIE = 'influtrace_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `influtrace_session=…; HttpOnly; SameSite=Lax; Path=/` (and `Secure` when the dashboard is served over https). */
export function setSessionCookie(ctx: ParameterizedContext, value: string, adminOrigin: string): void {
  ctx.append('Set-Cookie', `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=/${secure(adminOrigin)}`);
}

export function clearSessionCookie(ctx: ParameterizedContext, adminOrigin: string): void {
  ctx.append('Set-Cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${secure(adminOrigin)}`);
}

/** The single sign-on round trip's sealed state (see core/single-sign-on/pending-sign-in.ts): only the SSO routes see it. */
export const SSO_PENDING_COOKIE = 'influtrace_sso';
const SSO_COOKIE_PATH = '/api/v1/auth/sso';

export function setSsoPendingCookie(ctx: ParameterizedContext, value: string, maxAgeSeconds: number, adminOrigin: string): void {
  ctx.append('Set-Cookie', `${SSO_PENDING_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=${SSO_COOKIE_PATH}; Max-Age=${maxAgeSeconds}${secure(adminOrigin)}`);
}

export function clearSsoPendingCookie(ctx: ParameterizedContext, adminOrigin: string): void {
  ctx.append('Set-Cookie', `${SSO_PENDING_COOKIE}=; HttpOnly; SameSite=Lax; Path=${SSO_COOKIE_PATH}; Max-Age=0${secure(adminOrigin)}`);
}

const secure = (adminOrigin: string) => (adminOrigin.startsWith('https:') ? '; Secure' : '');

/** A change made on the strength of a cookie must come from the dashboard's own origin (the `Origin` header). */
export function refuseForeignOrigin(ctx: ParameterizedContext, adminOrigin: string): void {
  if (SAFE_METHODS.has(ctx.method)) return;
  if (ctx.get('Origin') !== adminOrigin) {
    throw new AppError('csrf_refused', `A change made with a session cookie must come from ${adminOrigin} (the Origin header).`);
  }
}
