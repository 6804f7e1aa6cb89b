import { z } from 'zod';
import { isCurrencyCode, minorUnitDigits } from '../domain/money';

/** A creator's or a workspace's commission rule (the third contract): percent of the net value, or a flat amount per currency. */
export type PercentRule = { type: 'percent'; percent: number };
export type FlatRule = { type: 'flat'; amounts: Record<string, number> };
export type CommissionRule = PercentRule | FlatRule;

export const MAX_COMMISSION_HOLD_DAYS = 365;
export const DEFAULT_COMMISSION_HOLD_DAYS = 30;

/** True when `amount` has no more decimals than the currency's minor unit (5.5 USD yes, 5.5 JPY no). */
export function fitsMinorUnits(amount: number, currency: string): boolean {
  const scaled = amount * 10 ** minorUnitDigits(currency);
  return Number.isSafeInteger(Math.round(scaled)) && Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

const hasAtMostTwoDecimals = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9;

const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals')
  .refine((code) => isCurrencyCode(code), 'an ISO 4217 currency code');

/** Amounts per currency in major units, each storable in that currency's minor units; shared by flat rules and minimumPayout. */
export const amountsPerCurrency = z.record(currencyCode, z.number().min(0).max(1e12)).superRefine((amounts, ctx) => {
  for (const [currency, amount] of Object.entries(amounts)) {
    if (isCurrencyCode(currency) && !fitsMinorUnits(amount, currency)) {
      ctx.addIssue({ code: 'custom', path: [currency], message: `more decimals than ${currency}'s minor unit` });
    }
  }
});

export const percentRuleSchema = z
  .object({
    type: z.literal('percent'),
    percent: z.number().gt(0).max(100).refine(hasAtMostTwoDecimals, 'at most two decimals').describe('percent of the order net value, 0 < percent ≤ 100'),
  })
  .strict();

export const flatRuleSchema = z
  .object({
    type: z.literal('flat'),
    amounts: amountsPerCurrency.describe('amount per order currency, in major units'),
  })
  .strict();

export const commissionRuleSchema = z.discriminatedUnion('type', [percentRuleSchema, flatRuleSchema]);

/** A rule, or null (none). */
export const nullableCommissionRule = commissionRuleSchema.nullable();

/** The amount of a flat rule for a currency in minor units, or null when the rule names none. */
export function flatAmountMinor(rule: FlatRule, currency: string): number | null {
  const amount = rule.amounts[currency];
  return amount === undefined ? null : Math.round(amount * 10 ** minorUnitDigits(currency));
}

/** Minor units of a per-currency amount map (minimumPayout), for SQL. */
export function amountsInMinorUnits(amounts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(amounts).map(([currency, amount]) => [currency, Math.round(amount * 10 ** minorUnitDigits(currency))]));
}
