import { createHash } from 'node:crypto';
import type { Db } from '../db';

/** 10 failed sign-ins for one e-mail within 15 minutes lock it until the oldest of them is 15 minutes old. */
export const LOCK_OUT_FAILURES = 10;
export const LOCK_OUT_WINDOW_SECONDS = 15 * 60;

/** The e-mail is kept only hashed: failures for addresses nobody has are recorded too. */
const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** Seconds until the e-mail may try again; 0 when it is not locked. */
export async function lockedForSeconds(db: Db, email: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - LOCK_OUT_WINDOW_SECONDS * 1000);
  const rows: { failed_at: Date }[] = await db('sign_in_failures')
    .where('email_hash', emailHash(email))
    .andWhere('failed_at', '>', since)
    .orderBy('failed_at', 'desc')
    .limit(LOCK_OUT_FAILURES)
    .select('failed_at');
  if (rows.length < LOCK_OUT_FAILURES) return 0;
  const oldest = rows[rows.length - 1]!.failed_at;
  return Math.max(1, Math.ceil((oldest.getTime() + LOCK_OUT_WINDOW_SECONDS * 1000 - now.getTime()) / 1000));
}

export async function recordSignInFailure(db: Db, email: string): Promise<void> {
  await db('sign_in_failures').insert({ email_hash: emailHash(email) });
  // Keeps the table small: failures older than the window can no longer lock anyone.
  await db('sign_in_failures')
    .where('failed_at', '<', new Date(Date.now() - 2 * LOCK_OUT_WINDOW_SECONDS * 1000))
    .delete();
}

export async function forgetSignInFailures(db: Db, email: string): Promise<void> {
  await db('sign_in_failures').where('email_hash', emailHash(email)).delete();
}
