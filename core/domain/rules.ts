export const integrationStatuses = ['pending', 'connected', 'disconnected'] as const;
export type IntegrationStatus = (typeof integrationStatuses)[number];

export const roles = ['admin', 'member'] as const;
export type Role = (typeof roles)[number];

/** Why an order was not credited; stored on the order and shown to admins. */
export const skipReasons = ['not_connected', 'disconnected', 'origin_mismatch', 'unknown_integration', 'unattributable'] as const;
export type SkipReason = (typeof skipReasons)[number];

export type OrderOutcome = 'credited' | 'skipped' | 'duplicate';

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isWithinAttributionWindow(clickedAt: Date, orderedAt: Date, windowDays: number): boolean {
  const age = orderedAt.getTime() - clickedAt.getTime();
  return age >= 0 && age <= windowDays * DAY_MS;
}

export function normaliseCouponCode(code: string): string {
  return code.trim().toLowerCase();
}
