import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { WebhookEventType } from './event-types';

export type WebhookEventInput = {
  workspaceId: WorkspaceId;
  type: WebhookEventType;
  data: unknown;
  /** Names the fact: a second event with the same key is not recorded (see orderEventDedupeKey). */
  dedupeKey: string;
  /** Only for an event meant for one endpoint (webhook.test); otherwise every subscribed endpoint of the workspace. */
  endpointId?: string;
};

/**
 * The webhook outbox: records the event in the CALLER's transaction, so it exists exactly when the
 * fact it reports was committed. Returns the event id to hand to dispatchWebhookEvents after the
 * commit, or null when nothing is to be sent: the fact was already recorded (same dedupeKey), or no
 * enabled endpoint of the workspace takes this type. An event the caller never dispatches (a crash
 * just after the commit) is dispatched by the webhook sweep a minute later.
 */
export async function recordWebhookEvent(trx: Knex.Transaction | Db, e: WebhookEventInput): Promise<string | null> {
  const id = newId('evt');
  const subscribed = e.endpointId
    ? trx.raw('select 1 from webhook_endpoints where id = ? and workspace_id = ?', [e.endpointId, e.workspaceId])
    : trx.raw(`select 1 from webhook_endpoints where workspace_id = ? and status = 'enabled' and ? = any(events)`, [e.workspaceId, e.type]);
  const result = await trx.raw(
    `insert into webhook_events (id, workspace_id, type, data, dedupe_key, endpoint_id)
     select ?, ?, ?, ?::jsonb, ?, ? where exists (?)
     on conflict (dedupe_key) do nothing
     returning id`,
    [id, e.workspaceId, e.type, JSON.stringify(e.data ?? null), e.dedupeKey, e.endpointId ?? null, subscribed],
  );
  return (result.rows[0]?.id as string | undefined) ?? null;
}

/**
 * The dedupe key of an order event: one `order.credited` per order, and one `order.skipped` per
 * order (pass `factId`, e.g. the report id, to send one per skipped report instead); `order.refunded`
 * takes the refund id as `factId`, so each refund sends one event and a repeat of it none.
 */
export function orderEventDedupeKey(
  type: 'order.credited' | 'order.skipped' | 'order.refunded',
  integrationId: string,
  orderId: string,
  factId?: string,
): string {
  return [type, integrationId, orderId, ...(factId === undefined ? [] : [factId])].join(':');
}
