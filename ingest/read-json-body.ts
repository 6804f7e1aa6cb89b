import getRawBody from 'raw-body';
import type { Context } from 'koa';
import type { z } from 'zod';
import { decodeUtf8 } from '../core/http/decode-utf8';
import { BeaconDropped, type DropReason } from './drop-reasons';

/** Beacons and the store server's requests alike: a small JSON body, read whole before it is parsed. */
export const MAX_BODY_BYTES = 8 * 1024;

/** Reads the body (at most MAX_BODY_BYTES, 413 past that) and parses it as UTF-8 JSON (400 invalid_json otherwise). */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await getRawBody(ctx.req, { limit: MAX_BODY_BYTES });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') throw new BeaconDropped('payload_too_large', null, { limitBytes: MAX_BODY_BYTES });
    throw new BeaconDropped('invalid_json', null);
  }
  // Refused, not replaced: two ids differing only in invalid bytes must not become one.
  const text = decodeUtf8(bytes);
  if (text === null) throw new BeaconDropped('invalid_utf8', null);
  try {
    return JSON.parse(text);
  } catch {
    throw new BeaconDropped('invalid_json', null);
  }
}

/** Validates a parsed body; the refusal names the first offending field (details.field, details.problem). */
export function parseAs<S extends z.ZodType>(schema: S, body: unknown, reason: DropReason, integrationId: string | null): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new BeaconDropped(reason, integrationId, { field: issue?.path.join('.') ?? '', problem: issue?.message ?? 'invalid' });
}
