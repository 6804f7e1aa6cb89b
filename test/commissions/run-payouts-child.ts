import { trustedWorkspaceId } from '../../core/domain/workspace-id';
import { runPayouts } from '../../core/commissions/payouts';
import { createDb } from '../../core/db';

/** A payout run in a process of its own, for the test that kills it (SIGKILL) half way. */
async function main(): Promise<void> {
  const db = createDb(process.env.DATABASE_URL!, { min: 0, max: 2 });
  console.log('payout run starting');
  const { payouts } = await runPayouts(db, { workspaceId: trustedWorkspaceId(process.env.WORKSPACE_ID!) });
  console.log(`payout run made ${payouts.length} payouts`);
  await db.destroy();
}

void main();
