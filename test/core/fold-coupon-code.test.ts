import { expect } from 'chai';
import { foldCouponCode } from '../../core/coupon-codes/fold-coupon-code';

/** What a code is compared as: one row per rule, and the copy-paste accidents it exists for. */
const cases: [what: string, reported: string, folded: string][] = [
  ['plain upper case', 'AVA10', 'ava10'],
  ['surrounding white space', '  ava10 ', 'ava10'],
  ['fullwidth letters and digits (NFKC)', 'ＡＶＡ１０', 'ava10'],
  ['an ideographic space around it', '\u3000AVA10\u3000', 'ava10'],
  ['a zero-width space inside', 'AVA\u200B10', 'ava10'],
  ['a soft hyphen inside', 'AVA\u00AD10', 'ava10'],
  ['a word joiner and a byte-order mark', '\uFEFFAVA\u206010', 'ava10'],
  ['a variation selector', 'AVA\uFE0F10', 'ava10'],
  ['the Kelvin sign', '\u212AELVIN', 'kelvin'],
  ['sharp s folds to ss (full folding, not toLowerCase)', 'STRAßE', 'strasse'],
  ['capital sharp s', 'STRAẞE', 'strasse'],
  ['final sigma folds like sigma', 'ΟΔΟΣ', 'οδοσ'],
  ['ligature ﬁ (NFKC)', 'ﬁt10', 'fit10'],
  ['a composed and a decomposed é alike', 'CAFE\u0301', 'café'],
  ['Cherokee lower case folds to upper case', '\uAB70', '\u13A0'],
  ['only invisible characters', '\u200B\u00AD', ''],
];

describe('foldCouponCode', () => {
  for (const [what, reported, folded] of cases) {
    it(`${what}: ${JSON.stringify(reported)} → ${JSON.stringify(folded)}`, () => {
      expect(foldCouponCode(reported)).to.equal(folded);
    });
  }

  it('is stable: folding a folded code changes nothing', () => {
    for (const [, reported] of cases) expect(foldCouponCode(foldCouponCode(reported))).to.equal(foldCouponCode(reported));
  });
});
