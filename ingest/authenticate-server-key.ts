import type { KeyHolder } from '../core/repositories/integration-keys';
import { looksLikeIntegrationSecretKey } from '../core/domain/tokens';
import { BeaconDropped } from './drop-reasons';
import type { EdgeIntegration, IntegrationCache } from './integration-cache';
import type { KeyCache } from './key-cache';

/** The store's server, as its secret key names it. */
export type ServerCaller = KeyHolder & { integration: EdgeIntegration };

/** A key's last use is written at most this often (per ingest process). */
const TOUCH_EVERY_MS = 60_000;

export type AuthenticateServerKeyDeps = {
  keys: KeyCache;
  integrations: IntegrationCache;
  /** Records the key's last use; failures are the caller's to log, never the request's. */
  touchKey: (keyId: string) => Promise<void>;
  onTouchFailed: (err: unknown) => void;
  maxTouchedKeys?: number;
};

/**
 * `Authorization: Bearer isk_…` → the key's holder and its integration, or 401 invalid_key for a
 * missing, malformed, unknown or revoked key. A malformed key costs no lookup at all.
 */
export function createAuthenticateServerKey(deps: AuthenticateServerKeyDeps) {
  const lastTouched = new Map<string, number>();
  const maxTouched = deps.maxTouchedKeys ?? 10_000;

  function touch(keyId: string): void {
    const now = Date.now();
    if ((lastTouched.get(keyId) ?? 0) > now - TOUCH_EVERY_MS) return;
    if (lastTouched.size >= maxTouched) lastTouched.clear();
    lastTouched.set(keyId, now);
    deps.touchKey(keyId).catch(deps.onTouchFailed);
  }

  return async function authenticateServerKey(authorization: string): Promise<ServerCaller> {
    const secret = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!secret || !looksLikeIntegrationSecretKey(secret)) throw new BeaconDropped('invalid_key', null);
    const holder = await deps.keys.get(secret);
    const integration = holder ? await deps.integrations.get(holder.integrationId) : null;
    if (!holder || !integration) throw new BeaconDropped('invalid_key', null);
    touch(holder.keyId);
    return { ...holder, integration };
  };
}

export type AuthenticateServerKey = ReturnType<typeof createAuthenticateServerKey>;
