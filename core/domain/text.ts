/** A UTF-16 surrogate without its pair: no UTF-8 encoding exists, so PostgreSQL's jsonb refuses it and text columns store U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Text that survives a round trip through PostgreSQL exactly as it was sent. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
