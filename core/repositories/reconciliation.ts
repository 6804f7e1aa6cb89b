import type { Db } from '../db';

export type VerificationSweepInput = { now: Date; staleAfterDays: number; pollForMinutes: number };
export type VerificationSweepResult = { flaggedStale: number; recovered: number; expired: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotent, set-based: connected integrations with no registered-origin signal for
 * `staleAfterDays` get `stale_since` (kept once set), those that reported in again lose it, and
 * pending verifications older than the polling window are expired (`verification_started_at` cleared).
 */
export async function sweepIntegrations(db: Db, input: VerificationSweepInput): Promise<VerificationSweepResult> {
  const staleBefore = new Date(input.now.getTime() - input.staleAfterDays * DAY_MS);
  const pollingStartedBefore = new Date(input.now.getTime() - input.pollForMinutes * 60_000);
  return db.transaction(async (trx) => {
    const flaggedStale = await trx('integrations')
      .where({ status: 'connected' })
      .whereNull('stale_since')
      .andWhere(trx.raw('coalesce(last_signal_at, connected_at, created_at) < ?', [staleBefore]))
      .update({ stale_since: input.now });
    const recovered = await trx('integrations')
      .whereNotNull('stale_since')
      .andWhere((q) => q.whereNot({ status: 'connected' }).orWhere('last_signal_at', '>=', staleBefore))
      .update({ stale_since: null });
    const expired = await trx('integrations')
      .where({ status: 'pending' })
      .where('verification_started_at', '<', pollingStartedBefore)
      .update({ verification_started_at: null });
    return { flaggedStale, recovered, expired };
  });
}
