import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';
import serveStatic from 'koa-static';
import { AppError } from '../core/errors';

/** Where `npm run build:dashboard` (vite build) writes the dashboard. */
export const DEFAULT_DASHBOARD_DIST = path.join(__dirname, 'dashboard', 'dist');

/**
 * The dashboard is one origin's own scripts and styles and talks only to this API: anything
 * else (inline script, a third-party host, framing) is refused by the browser.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Vite names everything under assets/ by content hash: a changed file is a new URL. */
const HASHED_ASSETS = '/assets/';
const LONG_CACHE = 'public, max-age=31536000, immutable';

function isApiPath(p: string): boolean {
  return p === '/api' || p.startsWith('/api/');
}

/** A page route of the single-page app (/orders, /reports/cre_1), not a missing file (/favicon.ico, /assets/x.js). */
function isPageRoute(p: string): boolean {
  if (p.startsWith(HASHED_ASSETS)) return false;
  const last = p.slice(p.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Serves the built dashboard: hashed assets with a long cache, and index.html (no-cache, strict
 * CSP) for every page route so that a reload of /orders works. Mounted after the API routes;
 * API paths and other methods pass through untouched, keeping the API's JSON 404s.
 */
export function dashboardAssets(options: { distDir?: string } = {}): Middleware {
  const distDir = options.distDir ?? DEFAULT_DASHBOARD_DIST;
  const indexFile = path.join(distDir, 'index.html');
  const serve = serveStatic(distDir, {
    index: false,
    setHeaders: (res, filePath) => {
      const inAssets = filePath.startsWith(path.join(distDir, 'assets') + path.sep);
      res.setHeader('Cache-Control', inAssets ? LONG_CACHE : 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // index.html reached by its file name (or a dotted path to it) gets the same policy as the page routes.
      if (filePath.endsWith('.html')) for (const [name, value] of Object.entries(HTML_HEADERS)) res.setHeader(name, value);
    },
  });

  async function readIndex(): Promise<string> {
    try {
      return await readFile(indexFile, 'utf8');
    } catch {
      throw new AppError('service_unavailable', 'The admin dashboard is not built: run npm run build:dashboard, then reload.');
    }
  }

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isApiPath(ctx.path)) return next();
    if (ctx.path !== '/') {
      try {
        await serve(ctx, async () => undefined);
      } catch (err) {
        // koa-send refuses undecodable or escaping paths with a 4xx: no such file, as far as a client knows.
        if ((err as { status?: number }).status !== undefined && (err as { status: number }).status < 500) throw new AppError('not_found', 'No such file.');
        throw err;
      }
      if (ctx.body !== undefined && ctx.body !== null) return;
    }
    if (!isPageRoute(ctx.path)) return next();
    const html = await readIndex();
    ctx.set(HTML_HEADERS);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = html;
  };
}
