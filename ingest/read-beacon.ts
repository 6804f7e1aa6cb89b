import getRawBody from 'raw-body';
import type { Context } from 'koa';
import { beaconSchema, type Beacon } from '../core/domain/beacon';
import { BeaconDropped } from './drop-reasons';

export const MAX_BEACON_BYTES = 8 * 1024;

/** Reads and validates a beacon sent as JSON, whether labelled application/json or text/plain. */
export async function readBeacon(ctx: Context): Promise<Beacon> {
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit: MAX_BEACON_BYTES, encoding: 'utf8' });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') throw new BeaconDropped('payload_too_large', null, { limitBytes: MAX_BEACON_BYTES });
    throw new BeaconDropped('invalid_json', null);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BeaconDropped('invalid_json', null);
  }
  const parsed = beaconSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BeaconDropped('invalid_beacon', null, { field: issue?.path.join('.') ?? '', problem: issue?.message ?? 'invalid' });
  }
  return parsed.data;
}
