import type { Db } from '../../core/db';
import type { SkipReason } from '../../core/domain/rules';
import type { OrderJob } from '../../core/queues';
import { findIntegration } from '../../core/repositories/integrations';

export type OrderValidation = { ok: true; workspaceId: string; attributionWindowDays: number } | { ok: false; workspaceId: string | null; reason: SkipReason };

/** The gate at processing time: the integration exists, is connected now, and the beacon came from its origin. */
export function createValidateOrder(db: Db) {
  return async function validateOrder(job: OrderJob): Promise<OrderValidation> {
    const integration = await findIntegration(db, job.integrationId);
    if (!integration) return { ok: false, workspaceId: null, reason: 'unknown_integration' };
    const { workspaceId } = integration;
    if (integration.status === 'disconnected') return { ok: false, workspaceId, reason: 'disconnected' };
    if (integration.status !== 'connected') return { ok: false, workspaceId, reason: 'not_connected' };
    if (job.origin !== integration.origin) return { ok: false, workspaceId, reason: 'origin_mismatch' };
    const workspace = await db('workspaces').where({ id: workspaceId }).first('attribution_window_days');
    return { ok: true, workspaceId, attributionWindowDays: Number(workspace?.attribution_window_days ?? 30) };
  };
}
