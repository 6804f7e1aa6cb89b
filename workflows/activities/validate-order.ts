import type { WorkspaceId } from '../../core/domain/workspace-id';
import type { Db } from '../../core/db';
import type { SkipReason } from '../../core/domain/rules';
import { sourceOf, type OrderJob } from '../../core/queues';

/** The integration's settings that decide what a valid report does. */
export type IntegrationSettings = { attributionWindowDays: number; requireServerConfirmation: boolean; confirmationWindowHours: number };

export type OrderValidation =
  | ({ ok: true; workspaceId: WorkspaceId } & IntegrationSettings)
  | { ok: false; workspaceId: WorkspaceId | null; reason: SkipReason; settings?: IntegrationSettings };

/**
 * The gate at processing time: the integration exists and is connected now; a pixel report came
 * from its registered origin (a server report was authenticated by the integration's secret key).
 */
export function createValidateOrder(db: Db) {
  return async function validateOrder(job: OrderJob): Promise<OrderValidation> {
    // One query: the integration, its settings and its workspace's attribution window.
    const integration:
      { workspaceId: WorkspaceId; status: string; origin: string; windowDays: number; requireConfirmation: boolean; confirmationHours: number } | undefined =
      await db('integrations as i')
        .join('workspaces as w', 'w.id', 'i.workspace_id')
        .where('i.id', job.integrationId)
        .first(
          'i.workspace_id as workspaceId',
          'i.status',
          'i.origin',
          'w.attribution_window_days as windowDays',
          'i.require_server_confirmation as requireConfirmation',
          'i.confirmation_window_hours as confirmationHours',
        );
    if (!integration) return { ok: false, workspaceId: null, reason: 'unknown_integration' };
    const { workspaceId } = integration;
    const settings: IntegrationSettings = {
      attributionWindowDays: Number(integration.windowDays),
      requireServerConfirmation: integration.requireConfirmation,
      confirmationWindowHours: Number(integration.confirmationHours),
    };
    if (integration.status === 'disconnected') return { ok: false, workspaceId, reason: 'disconnected', settings };
    if (integration.status !== 'connected') return { ok: false, workspaceId, reason: 'not_connected', settings };
    if (sourceOf(job) === 'pixel' && job.origin !== integration.origin) return { ok: false, workspaceId, reason: 'origin_mismatch', settings };
    return { ok: true, workspaceId, ...settings };
  };
}
