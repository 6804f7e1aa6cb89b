import { load, save, SENT_KEY } from './storage';

const SENT_LIMIT = 50;

export interface OrderFields {
  orderId: string;
  value: number;
  currency: string;
  coupon?: string;
}

function trimmed(value: unknown): string | undefined {
  return typeof value == 'string' ? value.trim() : undefined;
}

/** The order's fields as sent, or the name of the first invalid field. */
export function parseOrder(input: unknown): OrderFields | string {
  const { orderId, value, currency, coupon } = (input || {}) as Record<string, unknown>;
  const id = trimmed(orderId);
  const code = coupon == null ? '' : trimmed(coupon);
  const cur = trimmed(currency) as string;
  return !id || id.length > 128
    ? 'orderId'
    : !(Number.isFinite(value) && (value as number) >= 0)
      ? 'value'
      : !/^[a-z]{3}$/i.test(cur)
        ? 'currency'
        : code == null || code.length > 64
          ? 'coupon'
          : { orderId: id, value: value as number, currency: cur.toUpperCase(), coupon: code || undefined };
}

/** False when this browser already has the order (sent or in its outbox); otherwise records it. */
export function claimOrder(orderId: string): boolean {
  const sent = (load(SENT_KEY) as string[] | null | undefined) || [];
  if (sent.includes(orderId)) return false;
  save(SENT_KEY, sent.concat(orderId).slice(-SENT_LIMIT));
  return true;
}
