import type { Context } from 'koa';
import { beaconSchema, type Beacon } from '../core/domain/beacon';
import { MAX_BODY_BYTES, parseAs, readJsonBody } from './read-json-body';

export const MAX_BEACON_BYTES = MAX_BODY_BYTES;

/** Reads and validates a beacon sent as JSON, whether labelled application/json or text/plain. */
export async function readBeacon(ctx: Context): Promise<Beacon> {
  return parseAs(beaconSchema, await readJsonBody(ctx), 'invalid_beacon', null);
}
