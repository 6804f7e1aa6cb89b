import { randomString } from '../domain/ids';
import { hashToken } from '../domain/tokens';

/** A secret a person holds (session id, invitation or reset token): 40 random characters (200+ bits); stored only as its SHA-256. */
export function newSecret(prefix: 'ses' | 'inv' | 'pwr'): { secret: string; hash: string } {
  const secret = `${prefix}_${randomString(40)}`;
  return { secret, hash: hashToken(secret) };
}

export { hashToken as hashSecret };
