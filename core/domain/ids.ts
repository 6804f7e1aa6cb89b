import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export type IdPrefix = 'ws' | 'usr' | 'tok' | 'cre' | 'lnk' | 'clk' | 'cpn' | 'int' | 'ord' | 'rpt' | 'key' | 'rfd' | 'wh' | 'evt' | 'whd';

export function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** Prefixed, readable ids: int_3k9x..., so a support ticket names the kind of thing it means. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomString(20)}`;
}
