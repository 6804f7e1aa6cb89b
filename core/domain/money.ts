import { data as iso4217, publishDate } from 'currency-codes';

/**
 * Minor units are ISO 4217's (list one, as the `currency-codes` package ships it, pinned to an
 * exact version in package.json), never the locale data: `Intl` gives HUF, IDR, COP, … 0 digits.
 * Amounts are stored in minor units, so a currency's digits are the scale of every stored amount
 * in it: `migrations/20261207100000_iso_4217_minor_units.ts` keeps that scale per currency in the
 * table `currency_scales`, and test/core/iso-4217-table.test.ts fails when the table here and the
 * stored scale differ (an upgrade that changes a currency's digits needs a migration that rescales
 * its rows first).
 */
export const ISO_4217_PUBLISH_DATE = publishDate;

/** ISO 4217 gives these no minor unit ("N.A.": metals, funds, test codes); `currency-codes` reads that as 0. */
const NO_MINOR_UNIT = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

/**
 * Codes Node's locale data accepted before the ISO table replaced it, absent from the table (or
 * without a minor unit there), kept at the scale their amounts were stored with so that nothing
 * stored becomes unreadable: withdrawn (HRK, SLL, ZWL), newer than the table (XCG), or special
 * drawing rights and the SUCRE (XDR, XSU), which Node gave 2 digits.
 */
const STORED_BEFORE_ISO: Readonly<Record<string, number>> = { HRK: 2, SLL: 2, ZWL: 2, XCG: 2, XDR: 2, XSU: 2 };

const digitsByCode: ReadonlyMap<string, number> = new Map([
  ...iso4217.filter((c) => !NO_MINOR_UNIT.has(c.code)).map((c) => [c.code, c.digits] as const),
  ...Object.entries(STORED_BEFORE_ISO),
]);

/** Every accepted code and its digits: ISO 4217's active codes with a minor unit, and the few kept from before. */
export function currencyScales(): ReadonlyMap<string, number> {
  return digitsByCode;
}

export function isCurrencyCode(code: string): boolean {
  return digitsByCode.has(code.toUpperCase());
}

/** Digits after the decimal point for a currency (JPY 0, USD and HUF 2, KWD and IQD 3), from ISO 4217. */
export function minorUnitDigits(currency: string): number {
  const digits = digitsByCode.get(currency.toUpperCase());
  if (digits === undefined) throw new RangeError(`not an ISO 4217 currency code: ${currency.slice(0, 8)}`);
  return digits;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * A decimal text (`"1.005"`, `"1e-7"`, what JSON or `String(number)` writes) in units of
 * 10^-digits, rounded half away from zero, with integer arithmetic on its digits: no binary
 * floating point is involved, so 1.005 at 2 digits is 101, not 100.
 */
export function decimalToScaled(text: string, digits: number): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal number: ${text.slice(0, 32)}`);
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const allDigits = whole + fraction;
  // Where the decimal point falls in allDigits once scaled by 10^digits.
  const point = whole.length + Number(exponent) + digits;
  if (point > 400) throw new RangeError('decimal number too large');
  const kept = point <= 0 ? '0' : allDigits.slice(0, point).padEnd(point, '0');
  const firstDropped = point < 0 ? 0 : Number(allDigits[point] ?? '0');
  const magnitude = BigInt(kept) + (firstDropped >= 5 ? 1n : 0n);
  return sign === '-' ? -magnitude : magnitude;
}

/**
 * An amount in major units as received (a JSON number) in the currency's minor units, rounded
 * half up from its decimal form: `String(value)` is the shortest decimal that reads back as the
 * same number, i.e. the JSON text for any amount of up to 15 significant digits. Amounts too large
 * for a safe integer come back unsafe (the schemas refuse them with Number.isSafeInteger).
 */
export function toMinorUnits(value: number, currency: string): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const digits = minorUnitDigits(currency);
  const text = String(value);
  // The common case (no exponent, no more decimals than the currency has) needs no rounding: the digits are the minor units.
  const dot = text.indexOf('.');
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  if (!text.includes('e') && fraction.length <= digits) return Number((dot < 0 ? text : text.slice(0, dot)) + fraction.padEnd(digits, '0'));
  return Number(decimalToScaled(text, digits));
}

/** Minor units back to major units: exact for every safe integer, since 10^digits is exact and the division rounds once. */
export function fromMinorUnits(minor: number, currency: string): number {
  return minor / 10 ** minorUnitDigits(currency);
}
