/** How values read on screen; one place, so every page says it the same way. */
export function formatMoney(value: number, currency: string): string {
  try {
    // The API's values are already at ISO 4217's scale; the locale's digits must not round them (Intl gives HUF 0 digits: 12.34 HUF would read 12).
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 4 }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatRevenue(revenue: Record<string, number>): string {
  const entries = Object.entries(revenue);
  return entries.length ? entries.map(([currency, value]) => formatMoney(value, currency)).join(', ') : '—';
}

export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;
}

const SKIP_REASONS: Record<string, string> = {
  not_connected: 'Not connected yet when the order arrived: verify first',
  disconnected: 'The integration was disconnected',
  origin_mismatch: 'Sent from another origin than the registered one',
  unknown_integration: 'Unknown integration',
  unattributable: 'No coupon and no saved link attribution',
  not_confirmed: "The store's server did not confirm it in time",
  awaiting_confirmation: "Waiting for the store's server to confirm it",
};

export function describeSkipReason(reason: string | undefined): string {
  if (!reason) return '—';
  return SKIP_REASONS[reason] ?? reason;
}

/** One figure of revenue totals (gross, refunded or net) in every currency, side by side. */
export function formatTotals(totals: { currency: string; gross: number; refunded: number; net: number }[], figure: 'gross' | 'refunded' | 'net'): string {
  return totals.length ? totals.map((t) => formatMoney(t[figure], t.currency)).join(', ') : '—';
}

/** An amount in integer minor units of its currency (as reconciliation keeps them), on screen. */
export function formatMinorUnits(minor: number, currency: string): string {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return formatMoney(minor / 10 ** digits, currency);
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}
