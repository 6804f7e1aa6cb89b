import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { AppError } from '../../core/errors';
import { OPERATOR_COOKIE, OPERATOR_COOKIE_PATH, type OperatorCredentials } from './operator-credentials';

export const SIGN_IN_PATH = '/operator/sign-in';
export const SIGN_OUT_PATH = '/operator/sign-out';

/** No script, no style, no third party: a form that posts to this origin only. */
const SIGN_IN_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only a path of the operator pages: `next` must never send a browser elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/operator\/queues(\/[\w\-./%]*)?$/.test(next) ? next : '/operator/queues/';
}

/** The sign-in page, answered with `status` (401 where a page needed a sign-in, 200 for the page itself). */
export function renderSignIn(ctx: Context, status: number, options: { next?: string; failed?: boolean } = {}): void {
  ctx.status = status;
  ctx.set({ 'Content-Security-Policy': SIGN_IN_CSP, 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' });
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>InfluTrace operators: sign in</title><meta name="robots" content="noindex"></head>
<body>
<h1>InfluTrace queue dashboard</h1>
<p>Sign in with the operator token (<code>OPERATOR_TOKEN</code>; <code>npm start</code> prints it). A workspace's API token does not open this page.</p>
${options.failed ? '<p role="alert"><strong>That is not the operator token.</strong></p>' : ''}
<form method="post" action="${SIGN_IN_PATH}">
<input type="hidden" name="next" value="${escapeHtml(safeNext(options.next))}">
<label>Operator token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form>
</body></html>
`;
}

async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) throw new AppError('unsupported_media_type', 'Send the sign-in form as application/x-www-form-urlencoded.');
  try {
    return new URLSearchParams(await getRawBody(ctx.req, { limit: '4kb', encoding: 'utf8' }));
  } catch {
    throw new AppError('payload_too_large', 'The sign-in form is larger than 4 KB.');
  }
}

/**
 * POST /operator/sign-in: the right token sets an HttpOnly, SameSite=Strict cookie (Secure over
 * HTTPS) and goes on to the dashboard; a wrong one answers 401 with the form again.
 * POST /operator/sign-out forgets the cookie.
 */
export async function handleSignIn(ctx: Context, credentials: OperatorCredentials): Promise<void> {
  const form = await readForm(ctx);
  const next = form.get('next') ?? undefined;
  if (!credentials.isOperatorToken(form.get('token') ?? '')) return renderSignIn(ctx, 401, { next, failed: true });
  ctx.cookies.set(OPERATOR_COOKIE, credentials.sessionValue, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secure,
    path: OPERATOR_COOKIE_PATH,
    maxAge: 12 * 3600 * 1000,
  });
  ctx.status = 303;
  ctx.redirect(safeNext(next));
}

export function handleSignOut(ctx: Context): void {
  ctx.cookies.set(OPERATOR_COOKIE, null, { path: OPERATOR_COOKIE_PATH, httpOnly: true, sameSite: 'strict' });
  ctx.status = 303;
  ctx.redirect(SIGN_IN_PATH);
}
