import type { Middleware } from 'koa';

/**
 * A request refused before its body was read (413 over the limit, for one) leaves the rest of the
 * body on the connection: kept alive, the next request on it would be parsed from those bytes,
 * and the client would see its connection reset. Such answers say `Connection: close`, so that
 * the client opens a fresh connection, and the server need not read bytes it has refused.
 */
export function closeAfterUnreadBody(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (!ctx.req.complete) ctx.set('Connection', 'close');
    }
  };
}
