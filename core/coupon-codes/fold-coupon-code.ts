import { caseFold } from 'unicode-case-folding';

/** Zero-width space, soft hyphen, word joiner, variation selectors, BOM…: invisible, and what copy-paste from social posts leaves inside a code. */
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

function foldOnce(text: string): string {
  return caseFold(text.normalize('NFKC').replace(DEFAULT_IGNORABLE, '')).normalize('NFKC').replace(DEFAULT_IGNORABLE, '');
}

/**
 * The form in which coupon codes are compared, the stored code and the reported one alike:
 * Unicode NFKC (fullwidth `ＡＶＡ10` is `AVA10`, the Kelvin sign is K), full case folding
 * (CaseFolding.txt's C and F mappings: `ß` is `ss`), default-ignorable code points removed, and
 * surrounding white space trimmed. This is Unicode's NFKC_Casefold, applied until it is stable
 * (case folding can un-normalise a string, and NFKC can uncover something to fold).
 */
export function foldCouponCode(code: string): string {
  let folded = code;
  for (let round = 0; round < 3; round += 1) {
    const next = foldOnce(folded);
    if (next === folded) break;
    folded = next;
  }
  return folded.trim();
}
