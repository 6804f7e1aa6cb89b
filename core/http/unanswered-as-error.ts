import type { Middleware } from 'koa';
import { AppError } from '../errors';

/**
 * What no route answered (404) or answered only with `Allow` (405) becomes the same JSON error
 * body as every other refusal, instead of Koa's plain-text "Not Found".
 */
export function unansweredAsError(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.body !== undefined && ctx.body !== null) return;
    if (ctx.status === 405) throw new AppError('method_not_allowed', `${ctx.method} is not allowed here; allowed: ${ctx.response.get('Allow')}.`);
    if (ctx.status === 404) throw new AppError('not_found', 'No such endpoint.');
  };
}
