import type { Middleware } from 'koa';

/**
 * Headers every API answer carries. nosniff: error messages may repeat what a client sent, and
 * a browser must never guess that a JSON answer is HTML or script.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  };
}
