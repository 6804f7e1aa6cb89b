import type { Db } from '../../core/db';
import { sweepIntegrations as sweep, type VerificationSweepResult } from '../../core/repositories/reconciliation';

export type SweepIntegrationsInput = { now: string; staleAfterDays: number; pollForMinutes: number };

/** One idempotent pass of the verification sweep; `now` comes from the workflow so that a retry decides alike. */
export function createSweepIntegrations(db: Db) {
  return async function sweepIntegrations(input: SweepIntegrationsInput): Promise<VerificationSweepResult> {
    return sweep(db, { now: new Date(input.now), staleAfterDays: input.staleAfterDays, pollForMinutes: input.pollForMinutes });
  };
}
