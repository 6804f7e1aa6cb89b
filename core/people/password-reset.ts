import type { Db } from '../db';
import { hashPassword } from './passwords';
import { hashSecret, newSecret } from './secret-tokens';
import { endSessionsAcrossWorkspaces } from './sessions';

export const RESET_MINUTES = 60;

/** A one-time reset token (1 hour) for the member with this e-mail; null when there is none (the caller answers the same). */
export async function startPasswordReset(db: Db, email: string): Promise<{ token: string; email: string } | null> {
  const user: { id: string; email: string } | undefined = await db('users as u')
    .whereExists(db('memberships as m').whereRaw('m.user_id = u.id'))
    .where('u.email', email.trim().toLowerCase())
    .first('u.id', 'u.email');
  if (!user) return null;
  const { secret, hash } = newSecret('pwr');
  await db('password_resets').insert({ token_hash: hash, user_id: user.id, expires_at: db.raw(`now() + make_interval(mins => ?)`, [RESET_MINUTES]) });
  return { token: secret, email: user.email };
}

/** Spends the token (once, within the hour), sets the password and ends every session of the person; false when the token is not valid. */
export async function confirmPasswordReset(db: Db, token: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (trx) => {
    const [spent]: { user_id: string }[] = await trx('password_resets')
      .where({ token_hash: hashSecret(token) })
      .whereNull('used_at')
      .andWhere('expires_at', '>', trx.fn.now())
      .update({ used_at: trx.fn.now() })
      .returning(['user_id']);
    if (!spent) return false;
    await trx('users').where({ id: spent.user_id }).update({ password_hash: passwordHash });
    await trx('password_resets').where({ user_id: spent.user_id }).whereNull('used_at').update({ used_at: trx.fn.now() });
    await endSessionsAcrossWorkspaces(trx, spent.user_id);
    return true;
  });
}
