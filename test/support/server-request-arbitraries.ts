import fc from 'fast-check';
import { MUTATION, hostileJsonText, withMarker, type Json } from './beacon-arbitraries';

/** The secret keys a generated request may carry: each integration state, a revoked key, and keys that never existed. */
export type ServerKeyTargets = { connected: string; pending: string; disconnected: string; revoked: string };

/** One generated request from "the store's server". `@@UNIQUE@@` in the body is replaced by a unique id when sent. */
export type ServerRequest = { label: string; body: string | Uint8Array; headers: Record<string, string> };

export const UNIQUE_PLACEHOLDER = '@@UNIQUE@@';
const JSON_TYPE = 'application/json';

/** A valid body of each endpoint; the unique id is the order id (orders) or the refund id (refunds). */
export const validServerBodies = {
  order: (): Json => ({
    orderId: UNIQUE_PLACEHOLDER,
    value: 42.5,
    currency: 'eur',
    coupon: 'FUZZ10',
    attribution: { itc: 'clk_fuzz', ref: 'fuzzref' },
    occurredAt: '2026-11-30T12:00:00Z',
  }),
  refund: (): Json => ({ orderId: 'FZ-ORDER', refundId: UNIQUE_PLACEHOLDER, value: 5, currency: 'usd' }),
};
export type ServerEndpoint = keyof typeof validServerBodies;

const FIELD_PATHS: Record<ServerEndpoint, string[]> = {
  order: ['orderId', 'value', 'currency', 'coupon', 'attribution', 'attribution.itc', 'attribution.ref', 'occurredAt'],
  refund: ['orderId', 'refundId', 'value', 'currency'],
};

/** Mostly keys that are admitted, so that the bodies' checks are what is fuzzed; refused keys too, to check they come first. */
const keyOf = (t: ServerKeyTargets) =>
  fc.oneof(
    { arbitrary: fc.constant(t.connected), weight: 3 },
    { arbitrary: fc.constant(t.pending), weight: 2 },
    { arbitrary: fc.constant(t.disconnected), weight: 1 },
    { arbitrary: fc.constant(t.revoked), weight: 1 },
  );
const asServer = (key: string, contentType = JSON_TYPE) => ({ 'Content-Type': contentType, Authorization: `Bearer ${key}` });

/** A valid body with one field removed or made hostile, or a hostile key added (as text: JSON.stringify drops __proto__). */
export const arbitraryMutatedServerBodies = (endpoint: ServerEndpoint, t: ServerKeyTargets): fc.Arbitrary<ServerRequest> =>
  fc.oneof(
    fc
      .record({ key: keyOf(t), path: fc.constantFrom(...FIELD_PATHS[endpoint]), value: hostileJsonText, remove: fc.boolean() })
      .map(({ key, path, value, remove }) => ({
        label: remove ? `without ${path}` : `${path} = ${value.slice(0, 60)}`,
        body: JSON.stringify(withMarker(validServerBodies[endpoint](), path, remove)).replace(MUTATION, value),
        headers: asServer(key),
      })),
    fc
      .record({
        key: keyOf(t),
        name: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'integrationId', 'id', 'workspaceId'), fc.string({ maxLength: 20 })),
        value: hostileJsonText,
      })
      .map(({ key, name, value }) => ({
        label: `extra key ${JSON.stringify(name)}`,
        body: `{${JSON.stringify(name)}:${value},${JSON.stringify(validServerBodies[endpoint]()).slice(1)}`,
        headers: asServer(key),
      })),
  );

/** Any JSON value as the body, with a key that may be accepted. */
export const arbitraryServerJsonValues = (t: ServerKeyTargets): fc.Arbitrary<ServerRequest> =>
  fc
    .record({ key: keyOf(t), value: fc.jsonValue({ maxDepth: 6 }) })
    .map(({ key, value }) => ({ label: 'any JSON value', body: JSON.stringify(value) ?? 'null', headers: asServer(key) }));

const CONTENT_TYPES = [
  undefined,
  'text/plain',
  JSON_TYPE,
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/json; charset=utf-16le',
  '*/*',
  'garbage',
] as const;

/** Random bytes or a valid body in another encoding, under any Content-Type or none. */
export const arbitraryServerBytes = (endpoint: ServerEndpoint, t: ServerKeyTargets): fc.Arbitrary<ServerRequest> =>
  fc
    .record({
      key: keyOf(t),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: fc.oneof<fc.Arbitrary<string | Uint8Array>[]>(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constant(Buffer.from(JSON.stringify(validServerBodies[endpoint]()), 'utf16le')),
        fc.constant(JSON.stringify(validServerBodies[endpoint]())),
      ),
    })
    .map(({ key, contentType, body }): ServerRequest => ({
      label: `${typeof body === 'string' ? 'text' : `${body.length} bytes`} as ${contentType ?? 'no Content-Type'}`,
      body,
      headers: contentType ? asServer(key, contentType) : { Authorization: `Bearer ${key}` },
    }));

/** A valid body under every wrong Authorization header: none may be accepted. */
export const arbitraryBadAuthorization = (endpoint: ServerEndpoint, t: ServerKeyTargets): fc.Arbitrary<ServerRequest> =>
  fc
    .oneof(
      fc.constant(undefined),
      fc.constantFrom('', 'Bearer', 'Bearer ', `Basic ${t.connected}`, `${t.connected}`, `Bearer ${t.connected} extra`, `Bearer ${t.connected.toUpperCase()}`),
      fc.constantFrom(`Bearer ${t.revoked}`, `Bearer ${t.connected.slice(0, -1)}`, `Bearer ${t.connected}0`, `Bearer itk_${t.connected.slice(4)}`),
      fc.stringMatching(/^isk_[0-9a-z]{40}$/).map((key) => `Bearer ${key}`),
      // Printable ASCII only: Node refuses to send a header with control characters.
      fc.stringMatching(/^[\x21-\x7e]{0,80}$/).map((s) => `Bearer ${s}`),
    )
    .map((authorization): ServerRequest => ({
      label: `Authorization: ${authorization === undefined ? '(none)' : JSON.stringify(authorization).slice(0, 60)}`,
      body: JSON.stringify(validServerBodies[endpoint]()),
      headers: { 'Content-Type': JSON_TYPE, ...(authorization === undefined ? {} : { Authorization: authorization }) },
    }));

/** Valid bodies padded to sizes around the 8 KiB limit. */
export const arbitraryNearLimitServerBodies = (endpoint: ServerEndpoint, t: ServerKeyTargets, limitBytes: number): fc.Arbitrary<ServerRequest> =>
  fc.record({ key: keyOf(t), size: fc.integer({ min: limitBytes - 300, max: limitBytes + 300 }) }).map(({ key, size }) => {
    const empty = JSON.stringify({ ...validServerBodies[endpoint](), padding: '' });
    const body = JSON.stringify({ ...validServerBodies[endpoint](), padding: 'x'.repeat(Math.max(0, size - Buffer.byteLength(empty))) });
    return { label: `${Buffer.byteLength(body)} bytes`, body, headers: asServer(key) };
  });
