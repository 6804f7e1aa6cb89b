import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

export const OPERATOR_COOKIE = 'influtrace_operator';
/** The cookie is sent back only to the operator pages. */
export const OPERATOR_COOKIE_PATH = '/operator';

function sameSecret(candidate: string, expected: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * OPERATOR_TOKEN, and the sign-in cookie made from it. The cookie holds an HMAC of the token,
 * never the token itself; changing OPERATOR_TOKEN signs every browser out. A workspace's API
 * token is never an operator's: only this one secret opens the cross-workspace pages.
 */
export function createOperatorCredentials(token: string) {
  const sessionValue = createHmac('sha256', token).update('influtrace operator session v1').digest('base64url');
  const isOperatorToken = (candidate: string) => sameSecret(candidate, token);
  return {
    isOperatorToken,
    sessionValue,
    isAuthorized(ctx: Context): boolean {
      const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'))?.[1];
      if (bearer !== undefined) return isOperatorToken(bearer);
      const cookie = ctx.cookies.get(OPERATOR_COOKIE);
      return cookie !== undefined && sameSecret(cookie, sessionValue);
    },
  };
}

export type OperatorCredentials = ReturnType<typeof createOperatorCredentials>;
