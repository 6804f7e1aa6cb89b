import type { Db } from '../../core/db';
import type { SkipReason } from '../../core/domain/rules';
import type { OrderJob } from '../../core/queues';

export type OrderValidation = { ok: true; workspaceId: string; attributionWindowDays: number } | { ok: false; workspaceId: string | null; reason: SkipReason };

/** The gate at processing time: the integration exists, is connected now, and the beacon came from its origin. */
export function createValidateOrder(db: Db) {
  return async function validateOrder(job: OrderJob): Promise<OrderValidation> {
    // One query: the integration and its workspace's attribution window.
    const integration: { workspaceId: string; status: string; origin: string; windowDays: number } | undefined = await db('integrations as i')
      .join('workspaces as w', 'w.id', 'i.workspace_id')
      .where('i.id', job.integrationId)
      .first('i.workspace_id as workspaceId', 'i.status', 'i.origin', 'w.attribution_window_days as windowDays');
    if (!integration) return { ok: false, workspaceId: null, reason: 'unknown_integration' };
    const { workspaceId } = integration;
    if (integration.status === 'disconnected') return { ok: false, workspaceId, reason: 'disconnected' };
    if (integration.status !== 'connected') return { ok: false, workspaceId, reason: 'not_connected' };
    if (job.origin !== integration.origin) return { ok: false, workspaceId, reason: 'origin_mismatch' };
    return { ok: true, workspaceId, attributionWindowDays: Number(integration.windowDays) };
  };
}
