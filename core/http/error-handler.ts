import type { Middleware } from 'koa';
import { toErrorBody } from '../errors';
import type { Logger } from '../logger';

/** The one place errors become `{"error":{"code","message"}}`; unknown errors are logged and leak nothing. */
export function errorHandler(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const { status, body } = toErrorBody(err);
      if (status >= 500) log.error({ err, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = status;
      ctx.body = body;
    }
  };
}
