import type { CommissionRule } from '../../api/commission-types';

/** A rule in words: "10 % of the net value", "flat: USD 5, EUR 4.5", or "none". */
export function describeRule(rule: CommissionRule | null): string {
  if (!rule) return 'None';
  if (rule.type === 'percent') return `${rule.percent} % of the order's net value`;
  const amounts = Object.entries(rule.amounts).map(([currency, amount]) => `${currency} ${amount}`);
  return `Flat per order: ${amounts.join(', ') || 'no currency'}`;
}

/** "USD 5, EUR 4.5" → {"USD":5,"EUR":4.5}; the API names any bad code or amount. */
export function parseAmounts(text: string): Record<string, number> {
  const amounts: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [currency, amount] = part.trim().split(/\s+/);
    if (currency) amounts[currency.toUpperCase()] = Number(amount);
  }
  return amounts;
}

export function formatAmounts(amounts: Record<string, number>): string {
  return Object.entries(amounts)
    .map(([currency, amount]) => `${currency} ${amount}`)
    .join(', ');
}

export const COMMISSION_STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  approved: 'Approved',
  paid: 'Paid',
  reversed: 'Reversed',
  canceled: 'Canceled',
};
