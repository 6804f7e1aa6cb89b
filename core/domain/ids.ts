import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export type IdPrefix =
  'ws' | 'usr' | 'tok' | 'cre' | 'lnk' | 'clk' | 'cpn' | 'int' | 'ord' | 'rpt' | 'key' | 'rfd' | 'wh' | 'evt' | 'whd' | 'inv' | 'ses' | 'com' | 'po';

/**
 * Random bytes from the system's CSPRNG, drawn 4 KiB at a time: one `randomFillSync` call per
 * ~200 ids instead of one per id (ingest makes an id for every beacon and click, and the call
 * per id was 6 % of its CPU at peak). Every byte is handed out once.
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomBytesFromPool(length: number): Buffer {
  if (length > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(length));
  if (poolOffset + length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

export function randomString(length: number): string {
  const bytes = randomBytesFromPool(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** Prefixed, readable ids: int_3k9x..., so a support ticket names the kind of thing it means. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomString(20)}`;
}

/** Whether `value` has the shape newId(prefix) gives: a string without it was never an id of ours, and needs no lookup. */
export function hasIdShape(prefix: IdPrefix, value: string): boolean {
  return value.length === prefix.length + 21 && value.startsWith(`${prefix}_`) && /^[0-9a-z]{20}$/.test(value.slice(prefix.length + 1));
}
