/**
 * Bytes that are not valid UTF-8 throw instead of becoming U+FFFD: otherwise `M\xfcller` and
 * `M\xf6ller` (Latin-1 sent as UTF-8) would both arrive as `M�ller`, one order id for two orders.
 */
// A leading byte-order mark is dropped, as raw-body's decoding did.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text the bytes encode, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
