export const integrationStatuses = ['pending', 'connected', 'disconnected'] as const;
export type IntegrationStatus = (typeof integrationStatuses)[number];

export const roles = ['admin', 'member'] as const;
export type Role = (typeof roles)[number];

/** Why an order was not credited; stored on the order and shown to admins. */
export const skipReasons = ['not_connected', 'disconnected', 'origin_mismatch', 'unknown_integration', 'unattributable', 'not_confirmed'] as const;
export type SkipReason = (typeof skipReasons)[number];

/** An order's status: 'pending' waits for the store's server to confirm it ('awaiting_confirmation'). */
export const orderStatuses = ['credited', 'skipped', 'pending'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const AWAITING_CONFIRMATION = 'awaiting_confirmation';

/** What one report amounted to; 'duplicate' changed nothing the order's creator or credit depends on. */
export type OrderOutcome = 'credited' | 'skipped' | 'duplicate' | 'pending';

/** Why a refund was not applied, or not wholly: kept on the refund. */
export const refundReasons = ['exceeds_order_value', 'currency_mismatch', 'awaiting_order'] as const;
export type RefundReason = (typeof refundReasons)[number];

export const DEFAULT_CONFIRMATION_WINDOW_HOURS = 72;
export const MAX_CONFIRMATION_WINDOW_HOURS = 720;
export const MAX_ATTRIBUTION_WINDOW_DAYS = 365;

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isWithinAttributionWindow(clickedAt: Date, orderedAt: Date, windowDays: number): boolean {
  const age = orderedAt.getTime() - clickedAt.getTime();
  return age >= 0 && age <= windowDays * DAY_MS;
}
