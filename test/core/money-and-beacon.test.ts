import { expect } from 'chai';
import fc from 'fast-check';
import { beaconSchema } from '../../core/domain/beacon';
import { decimalToScaled, fromMinorUnits, isCurrencyCode, minorUnitDigits, toMinorUnits } from '../../core/domain/money';

describe('minor units', () => {
  describe('when the currency has two decimals (USD)', () => {
    it('stores 79.99 as 7999 despite binary floating point', () => {
      expect(toMinorUnits(79.99, 'USD')).to.equal(7999);
      expect(toMinorUnits(0.1 + 0.2, 'USD')).to.equal(30);
    });

    it('reads 7999 back as 79.99', () => {
      expect(fromMinorUnits(7999, 'USD')).to.equal(79.99);
    });

    it('treats a lower-case code like the upper-case one', () => {
      expect(minorUnitDigits('usd')).to.equal(2);
      expect(toMinorUnits(10.5, 'usd')).to.equal(1050);
    });
  });

  describe('when the currency has no decimals (JPY)', () => {
    it('stores yen as they are', () => {
      expect(minorUnitDigits('JPY')).to.equal(0);
      expect(toMinorUnits(1500, 'JPY')).to.equal(1500);
      expect(fromMinorUnits(1500, 'JPY')).to.equal(1500);
    });
  });

  describe('when the currency has three decimals (KWD)', () => {
    it('stores fils, a thousandth of a dinar', () => {
      expect(minorUnitDigits('KWD')).to.equal(3);
      expect(toMinorUnits(12.345, 'KWD')).to.equal(12345);
      expect(fromMinorUnits(12345, 'KWD')).to.equal(12.345);
    });
  });

  describe('when the amount is rounded to the minor unit', () => {
    it('rounds half up from the decimal form, not from the binary float (1.005 USD is 1.01)', () => {
      expect(toMinorUnits(1.005, 'USD')).to.equal(101);
      expect(toMinorUnits(1.015, 'USD')).to.equal(102);
      expect(toMinorUnits(2.675, 'USD')).to.equal(268);
      expect(toMinorUnits(1.0049999, 'USD')).to.equal(100);
      expect(toMinorUnits(0.5, 'JPY')).to.equal(1);
      expect(toMinorUnits(0.001, 'USD')).to.equal(0);
      expect(toMinorUnits(1e-7, 'USD')).to.equal(0);
      expect(toMinorUnits(1.0005, 'KWD')).to.equal(1001);
    });

    it('keeps large amounts exact and marks the unstorable ones unsafe', () => {
      expect(toMinorUnits(9007199254740.99, 'USD')).to.equal(900719925474099);
      expect(Number.isSafeInteger(toMinorUnits(1e300, 'USD'))).to.equal(false);
      expect(Number.isNaN(toMinorUnits(Number.POSITIVE_INFINITY, 'USD'))).to.equal(true);
    });

    it('takes the short way only where it gives what the decimal reading gives', () => {
      const amounts = fc.oneof(
        fc.integer({ min: 0, max: 10_000_000 }).map((minor) => minor / 100),
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1000 + 0.0005),
      );
      fc.assert(
        fc.property(amounts, fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'), (value, currency) => {
          expect(toMinorUnits(value, currency)).to.equal(Number(decimalToScaled(String(value), minorUnitDigits(currency))));
        }),
        { numRuns: 2000, seed: 20261207 },
      );
    });

    for (const [text, digits, scaled] of [
      ['1.005', 2, 101n],
      ['-1.005', 2, -101n],
      ['12.34', 2, 1234n],
      ['1e+21', 2, 100000000000000000000000n],
      ['5e-1', 0, 1n],
      ['4.9e-1', 0, 0n],
      ['0.0049', 2, 0n],
      ['0.005', 2, 1n],
      ['7', 3, 7000n],
    ] as const) {
      it(`reads ${text} at ${digits} digits as ${scaled}`, () => {
        expect(decimalToScaled(text, digits)).to.equal(scaled);
      });
    }
  });

  describe('when the locale data disagrees with ISO 4217 (HUF, IDR, IQD, COP)', () => {
    it("takes ISO 4217's digits: 12.34 HUF is 1234 fillér, not 12", () => {
      expect(minorUnitDigits('HUF')).to.equal(2);
      expect(toMinorUnits(12.34, 'HUF')).to.equal(1234);
      expect(fromMinorUnits(1234, 'HUF')).to.equal(12.34);
      expect(minorUnitDigits('IDR')).to.equal(2);
      expect(minorUnitDigits('COP')).to.equal(2);
      expect(minorUnitDigits('IQD')).to.equal(3);
    });
  });

  describe('when a code is checked against ISO 4217', () => {
    it('knows real codes in any case and refuses made-up ones', () => {
      expect(isCurrencyCode('EUR')).to.equal(true);
      expect(isCurrencyCode('eur')).to.equal(true);
      expect(isCurrencyCode('ZZZ')).to.equal(false);
      expect(isCurrencyCode('US$')).to.equal(false);
    });
  });
});

describe('beaconSchema', () => {
  const order = (fields: Record<string, unknown>) => ({
    id: 'int_test',
    type: 'order',
    order: { orderId: 'ORDER-1', value: 79.99, currency: 'USD', ...fields },
  });
  /** The dotted path of the first problem, or null when the beacon is accepted. */
  const problemField = (input: unknown): string | null => {
    const parsed = beaconSchema.safeParse(input);
    return parsed.success ? null : (parsed.error.issues[0]?.path.join('.') ?? '');
  };
  const parseOrder = (fields: Record<string, unknown>) => {
    const parsed = beaconSchema.parse(order(fields));
    if (parsed.type !== 'order') throw new Error('expected an order beacon');
    return parsed.order;
  };

  describe('when a ping carries only its id and type', () => {
    it('accepts it as it is', () => {
      expect(beaconSchema.parse({ id: 'int_test', type: 'ping' })).to.deep.equal({ id: 'int_test', type: 'ping' });
    });
  });

  describe('when the type is neither ping nor order', () => {
    it('refuses it, naming the type field', () => {
      expect(problemField({ id: 'int_test', type: 'purchase' })).to.equal('type');
    });
  });

  describe('when the id is missing or empty', () => {
    it('refuses it, naming the id field', () => {
      expect(problemField({ type: 'ping' })).to.equal('id');
      expect(problemField({ id: '  ', type: 'ping' })).to.equal('id');
    });
  });

  describe('when the currency is a real code in lower case', () => {
    it('accepts it and upper-cases it', () => {
      expect(parseOrder({ currency: 'usd' }).currency).to.equal('USD');
      expect(parseOrder({ currency: 'kwd' }).currency).to.equal('KWD');
    });
  });

  describe('when the currency is not an ISO 4217 code', () => {
    it('refuses it, naming order.currency', () => {
      expect(problemField(order({ currency: 'ZZZ' }))).to.equal('order.currency');
      expect(problemField(order({ currency: 'US' }))).to.equal('order.currency');
      expect(problemField(order({ currency: 'USDX' }))).to.equal('order.currency');
      expect(problemField(order({ currency: 840 }))).to.equal('order.currency');
    });
  });

  describe('when the orderId has surrounding whitespace', () => {
    it('trims it', () => {
      expect(parseOrder({ orderId: '  ORDER-42\n' }).orderId).to.equal('ORDER-42');
    });
  });

  describe('when the orderId is empty or too long', () => {
    it('refuses an empty or blank orderId', () => {
      expect(problemField(order({ orderId: '' }))).to.equal('order.orderId');
      expect(problemField(order({ orderId: '   ' }))).to.equal('order.orderId');
    });

    it('refuses 129 characters and accepts 128', () => {
      expect(problemField(order({ orderId: 'x'.repeat(129) }))).to.equal('order.orderId');
      expect(parseOrder({ orderId: 'x'.repeat(128) }).orderId).to.have.length(128);
    });

    it('refuses a number where a string is expected', () => {
      expect(problemField(order({ orderId: 1234 }))).to.equal('order.orderId');
    });
  });

  describe('when the value is not a finite amount >= 0', () => {
    // JSON cannot carry NaN or Infinity, but the workflows validate with this schema too.
    for (const [what, value] of [
      ['negative', -0.01],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
      ['a numeric string', '79.99'],
    ] as const) {
      it(`refuses ${what}`, () => {
        expect(problemField(order({ value }))).to.equal('order.value');
      });
    }

    it('accepts zero (a free order)', () => {
      expect(parseOrder({ value: 0 }).value).to.equal(0);
    });
  });

  describe('when the value is too large to be stored as integer minor units', () => {
    it('refuses it at the edge instead of failing later in PostgreSQL', () => {
      // 1e300 is valid JSON and finite, but 1e302 cents fit neither a bigint column nor a safe integer.
      expect(problemField(order({ value: 1e300 }))).to.equal('order.value');
    });
  });

  describe('when a coupon is given', () => {
    it('trims it', () => {
      expect(parseOrder({ coupon: ' AVA10 ' }).coupon).to.equal('AVA10');
    });

    it('treats an empty coupon as none', () => {
      expect(parseOrder({ coupon: '' }).coupon).to.equal(undefined);
    });

    it('refuses more than 64 characters and accepts 64', () => {
      expect(problemField(order({ coupon: 'C'.repeat(65) }))).to.equal('order.coupon');
      expect(parseOrder({ coupon: 'C'.repeat(64) }).coupon).to.have.length(64);
    });
  });

  describe('when an order beacon has no order', () => {
    it('refuses it, naming the order field', () => {
      expect(problemField({ id: 'int_test', type: 'order' })).to.equal('order');
    });
  });
});
