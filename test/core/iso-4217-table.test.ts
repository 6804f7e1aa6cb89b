import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createDb } from '../../core/db';
import { currencyScales, isCurrencyCode, ISO_4217_PUBLISH_DATE, minorUnitDigits } from '../../core/domain/money';
import { testConfig } from '../support/test-config';

/** ISO 4217 list one as its maintainer publishes it (the XML `currency-codes` ships and builds its data from). */
function isoListOne(): { published: string; digits: Map<string, number | 'N.A.'> } {
  const xml = readFileSync(require.resolve('currency-codes/iso-4217-list-one.xml'), 'utf8');
  const published = /Pblshd="([^"]+)"/.exec(xml)?.[1] ?? '';
  const digits = new Map<string, number | 'N.A.'>();
  for (const [, entry = ''] of xml.matchAll(/<CcyNtry>([\s\S]*?)<\/CcyNtry>/g)) {
    const code = /<Ccy>([A-Z]{3})<\/Ccy>/.exec(entry)?.[1];
    const minor = /<CcyMnrUnts>([^<]+)<\/CcyMnrUnts>/.exec(entry)?.[1];
    if (!code || !minor) continue;
    digits.set(code, minor === 'N.A.' ? 'N.A.' : Number(minor));
  }
  return { published, digits };
}

describe('the ISO 4217 table against the stored scale', () => {
  const list = isoListOne();

  it('reads the whole published list (about 180 active codes)', () => {
    expect(list.digits.size).to.be.within(170, 200);
    expect(list.published).to.equal(ISO_4217_PUBLISH_DATE);
  });

  it("gives every active code with a minor unit exactly ISO 4217's digits", () => {
    const wrong = [...list.digits].filter(([code, digits]) => digits !== 'N.A.' && (!isCurrencyCode(code) || minorUnitDigits(code) !== digits));
    expect(wrong).to.deep.equal([]);
  });

  it('accepts a code without a minor unit (metals, funds, test codes) only where it was stored before at 2 digits', () => {
    const accepted = [...list.digits].filter(([code, digits]) => digits === 'N.A.' && isCurrencyCode(code)).map(([code]) => code);
    expect(accepted).to.deep.equal(['XDR', 'XSU']);
    expect(accepted.map(minorUnitDigits)).to.deep.equal([2, 2]);
  });

  it('stores amounts at the scale of the table, for every code (currency_scales, set by the migrations)', async () => {
    const db = createDb(testConfig().databaseUrl, { min: 0, max: 1 });
    try {
      const rows: { currency: string; digits: number }[] = await db('currency_scales').select('currency', 'digits');
      const stored = Object.fromEntries(rows.map((r) => [r.currency.trim(), Number(r.digits)]));
      // A new table version that changes a currency's digits fails here until a migration rescales its rows.
      expect(stored).to.deep.equal(Object.fromEntries(currencyScales()));
    } finally {
      await db.destroy();
    }
  });
});
