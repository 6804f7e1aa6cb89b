import { authenticator } from 'otplib';
import type { Db } from '../db';
import { randomString } from '../domain/ids';
import { hashToken } from '../domain/tokens';
import { openSecret, sealSecret } from '../webhooks/secret-box';

/** RFC 6238: 6 digits every 30 seconds, a code of the step before or after accepted (clock drift). */
const totp = authenticator.clone({ window: 1, step: 30, digits: 6 });
const STEP_MS = 30_000;
export const RECOVERY_CODE_COUNT = 10;

const ISSUER = 'InfluTrace';

type TwoFactorRow = { email: string; totp_secret_sealed: string | null; totp_pending_sealed: string | null; totp_last_step: string | number | null };

const row = (db: Db, userId: string): Promise<TwoFactorRow | undefined> =>
  db('users').where({ id: userId }).first('email', 'totp_secret_sealed', 'totp_pending_sealed', 'totp_last_step');

export async function isTwoFactorOn(db: Db, userId: string): Promise<boolean> {
  return Boolean((await row(db, userId))?.totp_secret_sealed);
}

/** A new secret waiting for its first code; two-factor is not on until it is confirmed. */
export async function startTwoFactor(db: Db, key: Buffer, userId: string): Promise<{ secret: string; otpauthUrl: string }> {
  const user = await row(db, userId);
  const secret = totp.generateSecret(20);
  await db('users')
    .where({ id: userId })
    .update({ totp_pending_sealed: sealSecret(key, `totp:${userId}`, secret) });
  return { secret, otpauthUrl: totp.keyuri(user?.email ?? userId, ISSUER, secret) };
}

/** The step a code belongs to, or null; a step is used at most once (a code seen once is not accepted again). */
function acceptedStep(secret: string, code: string, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.checkDelta(code, secret);
  if (delta === null) return null;
  const step = Math.floor(Date.now() / STEP_MS) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** Confirms the pending secret with a code from it: two-factor is on, and 10 new recovery codes are returned (shown once). */
export async function confirmTwoFactor(db: Db, key: Buffer, userId: string, code: string): Promise<string[] | null> {
  const user = await row(db, userId);
  if (!user?.totp_pending_sealed) return null;
  const secret = openSecret(key, `totp:${userId}`, user.totp_pending_sealed);
  const step = acceptedStep(secret, code, null);
  if (step === null) return null;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomString(16).replace(/(.{4})(?!$)/g, '$1-'));
  await db.transaction(async (trx) => {
    await trx('users').where({ id: userId }).update({ totp_secret_sealed: user.totp_pending_sealed, totp_pending_sealed: null, totp_last_step: step });
    await trx('recovery_codes').where({ user_id: userId }).delete();
    await trx('recovery_codes').insert(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) })));
  });
  return codes;
}

const hashRecoveryCode = (code: string) => hashToken(`recovery:${code.replace(/[\s-]/g, '').toLowerCase()}`);

/** Checks a TOTP code or, failing that, spends one recovery code. */
export async function checkSecondFactor(db: Db, key: Buffer, userId: string, code: string): Promise<boolean> {
  const user = await row(db, userId);
  if (!user?.totp_secret_sealed) return false;
  const secret = openSecret(key, `totp:${userId}`, user.totp_secret_sealed);
  const step = acceptedStep(secret, code.trim(), user.totp_last_step === null ? null : Number(user.totp_last_step));
  if (step !== null) {
    const moved = await db('users')
      .where({ id: userId })
      .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
      .update({ totp_last_step: step });
    return moved > 0;
  }
  const spent = await db('recovery_codes')
    .where({ user_id: userId, code_hash: hashRecoveryCode(code) })
    .whereNull('used_at')
    .update({ used_at: db.fn.now() });
  return spent > 0;
}

export async function turnOffTwoFactor(db: Db, userId: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('users').where({ id: userId }).update({ totp_secret_sealed: null, totp_pending_sealed: null, totp_last_step: null });
    await trx('recovery_codes').where({ user_id: userId }).delete();
  });
}
