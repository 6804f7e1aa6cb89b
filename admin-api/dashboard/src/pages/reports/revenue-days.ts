import type { RevenueDay } from '../../api/types';

const DAY_MS = 24 * 60 * 60 * 1000;

export type RevenueTable = { days: string[]; currencies: string[]; revenue: Record<string, number[]> };

/** Every UTC day of [from, to) with the revenue of each currency, 0 on days without orders: the chart's axis has no gaps. */
export function revenueTable(from: string, to: string, data: RevenueDay[]): RevenueTable {
  const days: string[] = [];
  const end = Date.parse(to);
  for (let at = Date.parse(from.slice(0, 10)); at < end; at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  const currencies = [...new Set(data.map((d) => d.currency))].sort();
  const revenue = Object.fromEntries(currencies.map((c) => [c, days.map((day) => data.find((d) => d.day === day && d.currency === c)?.revenue ?? 0)]));
  return { days, currencies, revenue };
}

/** `from` as a date (UTC) `days - 1` days before today, so that with `to` = today the range holds `days` whole days. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const today = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(today) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to: today };
}
