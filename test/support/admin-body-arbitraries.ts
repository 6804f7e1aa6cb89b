import fc from 'fast-check';

/** A generated admin API request body: raw text, so that invalid JSON and huge bodies can be sent too. */
export type AdminBody = { label: string; text: string; contentType: string };

const JSON_TYPE = 'application/json';

/** Hostile values for one field, as JSON text. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'null',
    'true',
    '0',
    '-1',
    '1e308',
    '1e400',
    '[]',
    '{}',
    '[{}]',
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
  ),
  fc.constantFrom('""', '"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"\\u202e\\u2028"', '"\'; drop table creators; --"', '"<script>alert(1)</script>"'),
  fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: 'binary', maxLength: 60 }).map((s) => JSON.stringify(s)),
  fc.integer({ min: 100, max: 60_000 }).map((n) => JSON.stringify('y'.repeat(n))),
  fc.array(fc.string({ maxLength: 30 }), { maxLength: 300 }).map((a) => JSON.stringify(a)),
  fc.integer({ min: 1, max: 5000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.integer({ min: 1, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
);

/** Bodies for an operation whose valid body is `valid`: its fields made hostile, other shapes, broken and oversized JSON. */
export function arbitraryAdminBodies(valid: Record<string, unknown>, limitBytes: number): fc.Arbitrary<AdminBody> {
  const fields = Object.keys(valid);
  const validText = JSON.stringify(valid);
  const withField = (name: string, value: string) => {
    const rest = JSON.stringify({ ...valid, [name]: undefined }).slice(1, -1);
    return `{${JSON.stringify(name)}:${value}${rest ? `,${rest}` : ''}}`;
  };
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => ({ label: 'any JSON value', text: JSON.stringify(v) ?? 'null', contentType: JSON_TYPE })),
    },
    {
      weight: 5,
      arbitrary: fc
        .record({ field: fc.constantFrom(...(fields.length ? fields : ['name'])), value: hostileValue })
        .map(({ field, value }) => ({ label: `${field} = ${value.slice(0, 50)}`, text: withField(field, value), contentType: JSON_TYPE })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString'), fc.string({ maxLength: 20 })), value: hostileValue })
        .map(({ key, value }) => ({
          label: `extra key ${JSON.stringify(key)}`,
          text: `{${JSON.stringify(key)}:${value},${validText.slice(1)}`,
          contentType: JSON_TYPE,
        })),
    },
    { weight: 1, arbitrary: fc.constant({ label: 'an array of the valid body', text: `[${validText}]`, contentType: JSON_TYPE }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: Math.max(1, validText.length - 1) })
        .map((cut) => ({ label: `JSON cut at ${cut}`, text: validText.slice(0, cut), contentType: JSON_TYPE })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ label: 'random text', text, contentType: JSON_TYPE })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 4096 }).map((over) => {
        const field = fields[0] ?? 'name';
        const pad = 'z'.repeat(limitBytes + over);
        return { label: `${limitBytes + over}+ bytes`, text: withField(field, JSON.stringify(pad)), contentType: JSON_TYPE };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16')
        .map((contentType) => ({ label: `valid body as ${contentType}`, text: validText, contentType })),
    },
  );
}
