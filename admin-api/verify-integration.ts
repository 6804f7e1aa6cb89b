import type { Db } from '../core/db';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import { connectIfPixelSeen, markVerificationStarted, recentSignals, type Integration } from '../core/repositories/integrations';
import { searchAttributeKeys, verificationWorkflowId, workflowTypes } from '../core/temporal';
import type { TemporalClientProvider } from '../core/temporal-client';
import { dispatchAfterCommit, type DispatchWebhookEvents } from '../core/webhooks/dispatch-webhook-events';
import { ORIGINS_LISTED, originSeenView } from './integration-view';
import type { VerifyAnswer } from './schemas/integrations';

export type VerificationPolling = { pollIntervalSeconds: number; pollForMinutes: number };

export type { VerifyAnswer };

/**
 * Verify: connected at once when the registered origin has pinged; otherwise "No pixel activity
 * yet", what other origins were seen, and a Temporal workflow that keeps polling so the store
 * flips to connected without a second click.
 */
export function createVerifyIntegration(deps: {
  db: Db;
  temporal: TemporalClientProvider;
  taskQueue: string;
  polling: VerificationPolling;
  log: Logger;
  dispatchWebhookEvents: DispatchWebhookEvents;
}) {
  return async function verifyIntegration(integration: Integration): Promise<VerifyAnswer> {
    if (integration.status === 'disconnected') {
      throw new AppError('integration_disconnected', 'This integration was disconnected. Add the integration again and verify the new one.');
    }
    const { integration: current, webhookEventId } = await connectIfPixelSeen(deps.db, integration.workspaceId, integration.id);
    await dispatchAfterCommit(deps.dispatchWebhookEvents, [webhookEventId], deps.log);
    if (current?.status === 'connected') return { id: integration.id, status: 'connected' };

    await markVerificationStarted(deps.db, integration.workspaceId, integration.id, new Date());
    const polling = await startPolling(integration.id);
    const others = await recentSignals(deps.db, integration.workspaceId, integration.id, { limit: ORIGINS_LISTED, exceptOrigin: integration.origin });
    return {
      id: integration.id,
      status: 'pending',
      message: 'No pixel activity yet',
      registeredOrigin: integration.origin,
      originsSeen: others.signals.map(originSeenView),
      originsSeenCount: others.total,
      polling,
      pollingForMinutes: deps.polling.pollForMinutes,
    };
  };

  async function startPolling(integrationId: string): Promise<boolean> {
    try {
      const client = await deps.temporal();
      await client.workflow.start(workflowTypes.verifyIntegration, {
        taskQueue: deps.taskQueue,
        workflowId: verificationWorkflowId(integrationId),
        args: [{ integrationId, ...deps.polling }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [{ key: searchAttributeKeys.integrationId, value: integrationId }],
      });
      return true;
    } catch (err) {
      deps.log.warn({ integrationId, err: (err as Error).message }, 'could not start verification polling');
      return false;
    }
  }
}

export type VerifyIntegration = ReturnType<typeof createVerifyIntegration>;
