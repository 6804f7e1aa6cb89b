import fc from 'fast-check';

/** What a generated beacon request targets: integrations in each state, and the registered origin. */
export type BeaconTargets = { connected: string; pending: string; disconnected: string; unknown: string; origin: string };

/** One generated request to the events endpoint. `@@ORDER@@` in the body is replaced by a unique order id when sent. */
export type BeaconRequest = { label: string; body: string | Uint8Array; headers: Record<string, string> };

export const ORDER_ID_PLACEHOLDER = '@@ORDER@@';
/** Where withMarker puts a field's hostile value: replaced, as JSON text, after JSON.stringify. */
export const MUTATION = '"@@MUTATION@@"';

/** Raw JSON text for a hostile value: some are not producible by JSON.stringify (1e400, deep nesting). */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'null',
    'true',
    'false',
    '0',
    '-1',
    '-0',
    '1e308',
    '1e400',
    '-1e400',
    '9007199254740993',
    '0.30000000000000004',
    '[]',
    '{}',
    '[1,2]',
    '{"a":1}',
  ),
  fc.constantFrom(
    '""',
    '" "',
    '"NaN"',
    '"Infinity"',
    '"-1"',
    '"\\u0000"',
    '"a\\u0000b"',
    '"\\ud800"',
    '"\\u2028\\u2029"',
    '"\\uFEFF"',
    '"<script>alert(1)</script>"',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.integer({ min: 60, max: 3000 }).map((n) => JSON.stringify('x'.repeat(n))),
  fc.double().map((d) => (Number.isFinite(d) ? String(d) : 'null')),
  fc.integer({ min: 1, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 1, max: 1000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
);

const FIELD_PATHS = [
  'id',
  'type',
  'url',
  'order',
  'order.orderId',
  'order.value',
  'order.currency',
  'order.coupon',
  'attribution',
  'attribution.ref',
  'attribution.itc',
  'attribution.ts',
] as const;

export type Json = { [key: string]: unknown };

function validOrder(id: string, origin: string): Json {
  return {
    id,
    type: 'order',
    url: `${origin}/thanks`,
    attribution: { ref: 'fuzzref', itc: 'clk_fuzz', ts: 1_700_000_000_000 },
    order: { orderId: ORDER_ID_PLACEHOLDER, value: 42.5, currency: 'eur', coupon: 'FUZZ10' },
  };
}

/** A copy of `beacon` with the field at `path` (dotted) removed, or set to the MUTATION marker. */
export function withMarker(beacon: Json, path: string, remove: boolean): Json {
  const copy = structuredClone(beacon);
  const keys = path.split('.');
  let node: Json = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Json;
  const last = keys[keys.length - 1] as string;
  if (remove) delete node[last];
  else node[last] = MUTATION.slice(1, -1);
  return copy;
}

/** Every state equally often: a valid beacon is accepted for half of them, which keeps the workflows' load moderate. */
const integrationId = (t: BeaconTargets) => fc.constantFrom(t.connected, t.pending, t.disconnected, t.unknown);
const fromStore = (t: BeaconTargets) => ({ 'Content-Type': 'text/plain;charset=UTF-8', Origin: t.origin });

/** Any JSON value at all, as the body. */
export const arbitraryJsonBodies = (t: BeaconTargets): fc.Arbitrary<BeaconRequest> =>
  fc.jsonValue({ maxDepth: 6 }).map((value) => ({ label: 'any JSON value', body: JSON.stringify(value) ?? 'null', headers: fromStore(t) }));

/** A valid beacon with exactly one field removed, replaced by a hostile value, or one hostile key added. */
export const arbitraryMutatedBeacons = (t: BeaconTargets): fc.Arbitrary<BeaconRequest> =>
  fc.oneof(
    fc
      .record({ id: integrationId(t), path: fc.constantFrom(...FIELD_PATHS), value: hostileJsonText, remove: fc.boolean() })
      .map(({ id, path, value, remove }) => {
        const text = JSON.stringify(withMarker(validOrder(id, t.origin), path, remove)).replace(MUTATION, value);
        return { label: remove ? `without ${path}` : `${path} = ${value.slice(0, 60)}`, body: text, headers: fromStore(t) };
      }),
    fc
      .record({
        id: integrationId(t),
        where: fc.constantFrom('', 'order', 'attribution'),
        key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), fc.string({ maxLength: 20 })),
        value: hostileJsonText,
      })
      .map(({ id, where, key, value }) => {
        const text = JSON.stringify(validOrder(id, t.origin));
        // Inserted as text: JSON.stringify would drop a __proto__ key that JSON.parse keeps.
        const at = where ? text.indexOf(`"${where}":{`) + where.length + 4 : 1;
        const body = `${text.slice(0, at)}${JSON.stringify(key)}:${value},${text.slice(at)}`;
        return { label: `extra key ${JSON.stringify(key)} in ${where || 'the beacon'}`, body, headers: fromStore(t) };
      }),
  );

const CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'text/plain;charset=utf-16le',
  'application/json; charset=latin1',
  '*/*',
  'garbage',
] as const;

/** Random bytes, or a valid beacon in another encoding, under any Content-Type or none. */
export const arbitraryBytesAndContentTypes = (t: BeaconTargets): fc.Arbitrary<BeaconRequest> =>
  fc
    .record({
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: fc.oneof<fc.Arbitrary<string | Uint8Array>[]>(
        fc.uint8Array({ maxLength: 2048 }),
        integrationId(t).map((id) => Buffer.from(JSON.stringify(validOrder(id, t.origin)), 'utf16le')),
        integrationId(t).map((id) => JSON.stringify(validOrder(id, t.origin))),
        integrationId(t).map((id) => `id=${id}&type=order&orderId=${ORDER_ID_PLACEHOLDER}`),
      ),
    })
    .map(({ contentType, body }): BeaconRequest => ({
      label: `${typeof body === 'string' ? 'text' : `${(body as Uint8Array).length} bytes`} as ${contentType ?? 'no Content-Type'}`,
      body: body as string | Uint8Array,
      headers: contentType ? { Origin: t.origin, 'Content-Type': contentType } : { Origin: t.origin },
    }));

/** Valid beacons padded to sizes around the 8 KiB limit. */
export const arbitraryNearLimitBodies = (t: BeaconTargets, limitBytes: number): fc.Arbitrary<BeaconRequest> =>
  fc
    .record({ id: integrationId(t), size: fc.integer({ min: limitBytes - 300, max: limitBytes + 300 }), multiByte: fc.boolean() })
    .map(({ id, size, multiByte }) => {
      const beacon = validOrder(id, t.origin);
      const empty = JSON.stringify({ ...beacon, url: '' });
      const filler = multiByte ? 'é' : 'x';
      const pad = Math.max(0, Math.floor((size - Buffer.byteLength(empty)) / Buffer.byteLength(filler)));
      const body = JSON.stringify({ ...beacon, url: filler.repeat(pad) });
      return { label: `${Buffer.byteLength(body)} bytes`, body, headers: fromStore(t) };
    });

/** Origins that are not the registered one, however close they look. */
export function spoofedOrigins(registered: string): string[] {
  const host = new URL(registered).host;
  return [
    `http://${host}`,
    `https://www.${host}`,
    `https://${host}.evil.example`,
    `https://evil.example`,
    `https://${host}:8443`,
    `https://${host}@evil.example`,
    `https://evil.example/${registered}`,
    `${registered}.`,
    `https://${host.replace('.', '-')}`,
    'null',
    'file://',
    `chrome-extension://${host}`,
    `javascript:${registered}`,
    ' ',
  ];
}

/** An order beacon from a spoofed Origin, or with a spoofed Referer and no Origin, or with neither. */
export const arbitrarySpoofedOrders = (t: BeaconTargets): fc.Arbitrary<BeaconRequest> =>
  fc
    .record({
      id: fc.constantFrom(t.connected, t.pending),
      spoof: fc.constantFrom(...spoofedOrigins(t.origin)),
      via: fc.constantFrom('Origin', 'Referer', 'neither'),
    })
    .map(({ id, spoof, via }) => {
      const headers: Record<string, string> = { 'Content-Type': 'text/plain;charset=UTF-8' };
      if (via === 'Origin') headers.Origin = spoof;
      if (via === 'Referer') headers.Referer = `${spoof}/thanks`;
      return { label: via === 'neither' ? 'no Origin and no Referer' : `${via}: ${spoof}`, body: JSON.stringify(validOrder(id, t.origin)), headers };
    });
