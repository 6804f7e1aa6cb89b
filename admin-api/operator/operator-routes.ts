import type { Queue } from 'bullmq';
import type { Middleware } from 'koa';
import { AppError } from '../../core/errors';
import { createOperatorCredentials } from './operator-credentials';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './queue-dashboard';
import { SIGN_IN_PATH, SIGN_OUT_PATH, handleSignIn, handleSignOut, renderSignIn } from './sign-in';

export type OperatorOptions = { token: string; queues: Queue[] };

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The operators' pages on the admin API: /operator/sign-in, /operator/sign-out and the queue
 * dashboard at /operator/queues, which answers only to OPERATOR_TOKEN (as a Bearer token or the
 * sign-in cookie). Without it: 401, with the sign-in form for a browser asking for a page.
 * Everything else passes through untouched.
 */
export function operatorRoutes(options: OperatorOptions): Middleware {
  const credentials = createOperatorCredentials(options.token);
  const dashboard = queueDashboard(options.queues);
  return async (ctx, next) => {
    if (ctx.path === SIGN_IN_PATH) {
      if (ctx.method === 'GET' || ctx.method === 'HEAD') return renderSignIn(ctx, 200, { next: ctx.query.next as string | undefined });
      if (ctx.method === 'POST') return handleSignIn(ctx, credentials);
      throw new AppError('method_not_allowed', `${ctx.method} is not allowed here; allowed: GET, POST.`);
    }
    if (ctx.path === SIGN_OUT_PATH && ctx.method === 'POST') return handleSignOut(ctx);
    if (!isUnder(ctx.path, QUEUE_DASHBOARD_PATH)) return next();
    if (!credentials.isAuthorized(ctx)) {
      if (ctx.method === 'GET' && ctx.accepts('json', 'html') === 'html') return renderSignIn(ctx, 401, { next: ctx.path });
      throw new AppError('unauthorized', 'The operator token is required: Authorization: Bearer <OPERATOR_TOKEN>, or sign in at /operator/sign-in.');
    }
    return dashboard(ctx, next);
  };
}

/** Without OPERATOR_TOKEN the operator pages do not exist; the answer says how to turn them on. */
export function operatorRoutesOff(): Middleware {
  return async (ctx, next) => {
    if (!isUnder(ctx.path, '/operator')) return next();
    throw new AppError('not_found', 'The queue dashboard is off: set OPERATOR_TOKEN on the admin API to turn it on.');
  };
}
