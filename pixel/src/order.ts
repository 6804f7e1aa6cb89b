import { load, save } from './storage';

const SENT_KEY = 'influtrace_sent';
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
  const cur = trimmed(currency) || '';
  return !id || id.length > 128
    ? 'orderId'
    : typeof value != 'number' || !(value >= 0 && value < 1 / 0)
      ? 'value'
      : !/^[a-z]{3}$/i.test(cur)
        ? 'currency'
        : code == null || code.length > 64
          ? 'coupon'
          : { orderId: id, value, currency: cur.toUpperCase(), coupon: code || undefined };
}

let memory: string[] = [];

/** False when this browser already sent the order; otherwise records it as sent. */
export function claimOrder(orderId: string): boolean {
  const sent = (load(SENT_KEY) as string[] | null | undefined) || memory;
  if (sent.indexOf(orderId) >= 0) return false;
  memory = sent.concat(orderId).slice(-SENT_LIMIT);
  save(SENT_KEY, memory);
  return true;
}
