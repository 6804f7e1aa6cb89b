import { expect } from 'chai';
import fc from 'fast-check';
import { randomString } from '../../core/domain/ids';
import { fuzz, fuzzSeed } from '../support/fuzz';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { rawRequest } from '../support/raw-http';
import { newWorkspace } from '../support/store-setup';
import { CHROME_USER_AGENT } from '../support/user-agents';

const DESTINATION = 'https://redirect-shop.example.com/spring?utm_source=ava';

/** Paths and query strings that try to steer a redirect elsewhere. */
const steering = fc.constantFrom(
  '?url=https://evil.example',
  '?redirect=//evil.example',
  '?next=%2F%2Fevil.example',
  '?ref=https://evil.example&itc=x',
  '/https://evil.example',
  '//evil.example',
  '/..%2F..%2Fevil',
  '%2F%2Fevil.example',
  '%0d%0aLocation:%20https://evil.example',
  '%0aSet-Cookie:%20a=b',
  '%E2%80%A8',
  '@evil.example',
  '\\evil.example',
  '#https://evil.example',
  '?%00',
  ';evil.example',
);
const encodedJunk = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => encodeURIComponent(s));

describe('tracking links under fuzzed paths and query strings', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let code: string;
  const byStatus = new Map<number, number>();

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false, config: { rateLimits: { beaconsPerMinute: 1_000_000, redirectsPerMinute: 1_000_000 } } });
    const { token } = await newWorkspace(p.db);
    const creator = await requestJson(`${p.adminUrl}/api/v1/creators`, { token, body: { name: 'Ava' } });
    code = `fz${randomString(8)}`;
    const link = await requestJson(`${p.adminUrl}/api/v1/links`, { token, body: { creatorId: creator.body.id, destinationUrl: DESTINATION, code } });
    expect(link.status, JSON.stringify(link.body)).to.equal(201);
  });
  after(async () => {
    console.log(`      redirect fuzz (seed ${fuzzSeed()}): ${[...byStatus.entries()].map(([s, n]) => `${s}×${n}`).join(' ')}`);
    await p?.stop();
  });

  it('answers 302 to the stored destination, or 404 without a Location, for every variation of a real code', async () => {
    const variation = fc.oneof(
      fc.tuple(fc.constantFrom('', '/', '%20', '.', '%2e'), steering).map(([glue, tail]) => `${glue}${tail}`),
      encodedJunk.map((s) => `/${s}`),
      encodedJunk.map((s) => `?${s}=${s}`),
    );
    await fuzz(fc.tuple(fc.boolean(), variation), 600, async ([prefix, tail]) => {
      const path = prefix ? `/r/${tail}${code}` : `/r/${code}${tail}`;
      const response = await rawRequest(p.ingestUrl, { path, headers: { 'user-agent': CHROME_USER_AGENT } });
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      const location = response.headers.location;
      expect([302, 404], `${path} → ${response.status}`).to.include(response.status);
      if (response.status === 404) expect(location, path).to.equal(undefined);
      else {
        const target = new URL(String(location));
        expect(`${target.origin}${target.pathname}`, path).to.equal('https://redirect-shop.example.com/spring');
        expect(target.searchParams.get('utm_source'), path).to.equal('ava');
        expect(target.searchParams.get('ref'), path).to.equal(code);
        expect([...target.searchParams.keys()].sort(), path).to.deep.equal(['itc', 'ref', 'utm_source']);
        expect(String(location), path).to.not.match(/[\r\n]/);
      }
    });
  });

  it('answers 404 without a Location for every code no link has', async () => {
    await fuzz(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), 300, async (text) => {
      const response = await rawRequest(p.ingestUrl, { path: `/r/${encodeURIComponent(text)}` });
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      expect(response.status, text).to.equal(text === code ? 302 : 404);
      if (text !== code) expect(response.headers.location).to.equal(undefined);
    });
  });
});
