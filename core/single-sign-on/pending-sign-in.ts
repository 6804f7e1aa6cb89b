import { trustedWorkspaceId } from '../domain/workspace-id';
import { z } from 'zod';
import { openSecret, sealSecret } from '../webhooks/secret-box';
import type { PendingSignIn } from './openid-provider';

/** How long a person has at their provider before the round trip must start again. */
export const PENDING_SIGN_IN_SECONDS = 600;
const AAD = 'sso-pending';

const sealedShape = z.object({
  workspaceId: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  redirectUri: z.string(),
  expiresAt: z.number(),
});

/** The state, nonce and PKCE verifier sealed (AES-256-GCM): the browser carries them but can neither read nor forge them. */
export function sealPendingSignIn(key: Buffer, pending: PendingSignIn, now = Date.now()): string {
  return sealSecret(key, AAD, JSON.stringify({ ...pending, expiresAt: now + PENDING_SIGN_IN_SECONDS * 1000 }));
}

/** The pending sign-in, or null when the value is missing, forged, or older than PENDING_SIGN_IN_SECONDS. */
export function openPendingSignIn(key: Buffer, sealed: string | undefined, now = Date.now()): PendingSignIn | null {
  if (!sealed) return null;
  try {
    const { expiresAt, ...pending } = sealedShape.parse(JSON.parse(openSecret(key, AAD, sealed)));
    return expiresAt > now ? { ...pending, workspaceId: trustedWorkspaceId(pending.workspaceId) } : null;
  } catch {
    return null;
  }
}
