import type { Db } from '../../core/db';
import type { IntegrationStatus } from '../../core/domain/rules';
import type { Logger } from '../../core/logger';
import { connectIfPixelSeenInAnyWorkspace } from '../../core/repositories/integrations';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../../core/webhooks/dispatch-webhook-events';

/** Flips a pending integration to connected once its registered origin has pinged (sending `integration.connected`); returns the status. */
export function createCheckPixelActivity(db: Db, dispatchWebhookEvents: DispatchWebhookEvents, log: Logger) {
  return async function checkPixelActivity(integrationId: string): Promise<IntegrationStatus | 'missing'> {
    const { integration, webhookEventId } = await connectIfPixelSeenInAnyWorkspace(db, integrationId);
    await dispatchAfterCommit(dispatchWebhookEvents, [webhookEventId], log);
    return integration?.status ?? 'missing';
  };
}
