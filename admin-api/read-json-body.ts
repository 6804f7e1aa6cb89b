import getRawBody from 'raw-body';
import type { Middleware } from 'koa';
import { AppError } from '../core/errors';
import { decodeUtf8 } from '../core/http/decode-utf8';

declare module 'koa' {
  interface Request {
    /** The parsed JSON body of a POST, PUT, PATCH or DELETE sent as JSON; `{}` when none was sent. */
    body?: unknown;
  }
}

export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

// DELETE too: turning two-factor off (DELETE /api/v1/me/totp) carries a code.
const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A JSON body is an object or an array (as @koa/bodyparser's strict mode had it). */
const OBJECT_OR_ARRAY = /^[ \t\n\r]*[[{]/;

function invalidJson(): AppError {
  return new AppError('invalid_json', 'The request body is not valid JSON.');
}

/**
 * Reads a JSON request body as bytes, refuses bytes that are not UTF-8 (400 invalid_json) rather
 * than replacing them, and parses it. Bodies of other types are left unread, as `{}`.
 */
export function readJsonBody(): Middleware {
  return async (ctx, next) => {
    if (!PARSED_METHODS.has(ctx.method) || !ctx.request.is('json', '+json')) {
      if (PARSED_METHODS.has(ctx.method)) ctx.request.body = {};
      return next();
    }
    const coding = ctx.get('Content-Encoding').toLowerCase();
    if (coding && coding !== 'identity') throw new AppError('unsupported_media_type', 'The request body must not be compressed (Content-Encoding).');
    let bytes: Buffer;
    try {
      bytes = await getRawBody(ctx.req, { limit: MAX_ADMIN_BODY_BYTES, length: ctx.get('Content-Length') || undefined });
    } catch (err) {
      if ((err as { type?: string }).type === 'entity.too.large') throw new AppError('payload_too_large', 'The request body is larger than 64 KB.');
      throw invalidJson();
    }
    const text = decodeUtf8(bytes);
    if (text === null) throw new AppError('invalid_json', 'The request body is not valid UTF-8.', { field: 'body' });
    if (text.trim() === '') {
      ctx.request.body = {};
      return next();
    }
    if (!OBJECT_OR_ARRAY.test(text)) throw invalidJson();
    try {
      ctx.request.body = JSON.parse(text) as unknown;
    } catch {
      throw invalidJson();
    }
    return next();
  };
}
