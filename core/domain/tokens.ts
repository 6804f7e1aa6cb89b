import { createHash } from 'node:crypto';
import { randomString } from './ids';

/** API tokens are shown once and stored only as a SHA-256 hash (they carry 120+ bits of entropy). */
export function newApiToken(): string {
  return `itk_${randomString(40)}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** An integration's secret key for the store's server: shown once, stored only as its SHA-256 hash like API tokens. */
export function newIntegrationSecretKey(): string {
  return `isk_${randomString(40)}`;
}

const INTEGRATION_SECRET_KEY = /^isk_[0-9a-z]{40}$/;

/** Whether a string could be a secret key at all: anything else is refused without a lookup. */
export function looksLikeIntegrationSecretKey(value: string): boolean {
  return INTEGRATION_SECRET_KEY.test(value);
}
