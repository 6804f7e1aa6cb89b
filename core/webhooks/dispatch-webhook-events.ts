import type { WorkspaceId } from '../domain/workspace-id';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { TemporalClientProvider } from '../temporal-client';
import { searchAttributeKeys, webhookDeliveryWorkflowId, workflowTypes } from '../temporal';
import type { WebhookDeliverySettings } from './delivery-settings';
import { subscribedEndpointIds } from './endpoints';
import type { WebhookEventType } from './event-types';

export type WebhookDispatchDeps = { db: Db; temporal: TemporalClientProvider; taskQueue: string; delivery: WebhookDeliverySettings; log: Logger };

/** What the delivery workflow receives: which pair to deliver, and how to retry it. */
export type DeliverWebhookInput = { endpointId: string; eventId: string } & WebhookDeliverySettings;

type EventRow = { id: string; workspace_id: WorkspaceId; type: WebhookEventType; endpoint_id: string | null; dispatched_at: Date | null };

/**
 * Starts one `deliverWebhook` workflow per (event, enabled endpoint of the event's workspace that
 * takes its type), id `webhook/<endpointId>/<eventId>`, then marks the event dispatched. Idempotent:
 * a workflow already started for a pair is left alone, an event already dispatched is skipped.
 */
export function createWebhookDispatcher(deps: WebhookDispatchDeps) {
  async function recipients(event: EventRow): Promise<string[]> {
    if (!event.endpoint_id) return subscribedEndpointIds(deps.db, event.workspace_id, event.type);
    const own = await deps.db('webhook_endpoints').where({ id: event.endpoint_id, workspace_id: event.workspace_id, status: 'enabled' }).pluck('id');
    return own as string[];
  }

  async function startDelivery(event: EventRow, endpointId: string): Promise<boolean> {
    const input: DeliverWebhookInput = { endpointId, eventId: event.id, ...deps.delivery };
    try {
      const client = await deps.temporal();
      await client.workflow.start(workflowTypes.deliverWebhook, {
        taskQueue: deps.taskQueue,
        workflowId: webhookDeliveryWorkflowId(endpointId, event.id),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: searchAttributeKeys.webhookEndpointId, value: endpointId },
          { key: searchAttributeKeys.webhookEventType, value: event.type },
        ],
      });
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  /** Returns how many delivery workflows it started. */
  return async function dispatchWebhookEvents(eventIds: string[]): Promise<number> {
    let started = 0;
    for (const eventId of eventIds) {
      const event = await deps.db<EventRow>('webhook_events').where({ id: eventId }).first('id', 'workspace_id', 'type', 'endpoint_id', 'dispatched_at');
      if (!event || event.dispatched_at) continue;
      const endpointIds = await recipients(event);
      const results = await Promise.all(endpointIds.map((endpointId) => startDelivery(event, endpointId)));
      started += results.filter(Boolean).length;
      await deps.db('webhook_events').where({ id: eventId }).update({ dispatched_at: deps.db.fn.now() });
      deps.log.info({ eventId, type: event.type, workspaceId: event.workspace_id, endpoints: endpointIds.length }, 'webhook event dispatched');
    }
    return started;
  };
}

export type DispatchWebhookEvents = ReturnType<typeof createWebhookDispatcher>;

/** After a commit: dispatch now, but never fail the caller's request; the sweep dispatches what this could not. */
export async function dispatchAfterCommit(dispatch: DispatchWebhookEvents, eventIds: (string | null)[], log: Logger): Promise<void> {
  const ids = eventIds.filter((id): id is string => id !== null);
  if (ids.length === 0) return;
  try {
    await dispatch(ids);
  } catch (err) {
    log.warn({ eventIds: ids, err: (err as Error).message }, 'webhook dispatch failed; the webhook sweep will retry it');
  }
}

/** Events still undispatched this long after they were recorded (their dispatcher crashed or could not reach Temporal). */
export async function findUndispatchedEvents(db: Db, olderThanSeconds: number, limit: number): Promise<string[]> {
  return db('webhook_events')
    .whereNull('dispatched_at')
    .andWhere('created_at', '<', db.raw(`now() - make_interval(secs => ?)`, [olderThanSeconds]))
    .orderBy('created_at')
    .limit(limit)
    .pluck('id');
}
