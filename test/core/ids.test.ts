import { expect } from 'chai';
import { newId, randomString } from '../../core/domain/ids';

describe('ids and random strings', () => {
  it('makes 20,000 distinct prefixed ids of 20 lower-case letters and digits, across many refills of the random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('rpt'));
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(id).to.match(/^rpt_[0-9a-z]{20}$/);
    const used = new Set(ids.join('').replace(/rpt_/g, ''));
    expect(used.size, 'every letter and digit appears').to.equal(36);
  });

  it('makes strings longer than the pool, and of the length asked', () => {
    expect(randomString(10_000)).to.match(/^[0-9a-z]{10000}$/);
    expect(randomString(1)).to.match(/^[0-9a-z]$/);
    expect(randomString(0)).to.equal('');
  });

  it('never hands out the same bytes twice: strings drawn one after another do not repeat each other', () => {
    const first = randomString(4_000);
    const second = randomString(4_000);
    expect(second).not.to.equal(first);
    expect(first.slice(0, 40)).not.to.equal(second.slice(0, 40));
  });
});
