const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: string): boolean {
  return knownCurrencies.has(code.toUpperCase());
}

/** Building an Intl.NumberFormat costs more than the rest of a beacon's checks: once per currency. */
const minorUnitDigitsByCurrency = new Map<string, number>();

/** Digits after the decimal point for a currency (JPY 0, USD 2, KWD 3), from the ICU data in Node. */
export function minorUnitDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = minorUnitDigitsByCurrency.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    // Only valid codes reach here in practice (the schema checks first); the cap keeps junk from growing it.
    if (minorUnitDigitsByCurrency.size < 1000) minorUnitDigitsByCurrency.set(code, digits);
  }
  return digits;
}

export function toMinorUnits(value: number, currency: string): number {
  return Math.round(value * 10 ** minorUnitDigits(currency));
}

export function fromMinorUnits(minor: number, currency: string): number {
  return minor / 10 ** minorUnitDigits(currency);
}
