import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import type { Db } from '../db';
import { orderEventData } from '../repositories/order-detail';
import type { AppliedRefund } from '../repositories/refunds';
import type { WebhookEventType } from './event-types';
import { orderEventDedupeKey, recordWebhookEvent } from './record-webhook-event';

/** What just happened to one order, in the transaction that made it so. */
export type OrderFacts = {
  workspaceId: WorkspaceId;
  integrationId: string;
  orderId: string;
  orderRowId: string;
  credited?: boolean;
  skipped?: boolean;
  refunds?: AppliedRefund[];
};

/**
 * The webhook events of an order's facts, recorded in the caller's transaction (the outbox): one
 * `order.credited` and one `order.skipped` per order, one `order.refunded` per applied refund,
 * each carrying the order as it stands after the fact. Costs one indexed query when no enabled
 * endpoint of the workspace takes these types. Returns the ids to dispatch after the commit.
 */
export async function recordOrderEvents(trx: Knex.Transaction | Db, facts: OrderFacts): Promise<string[]> {
  const refunds = (facts.refunds ?? []).filter((r) => r.appliedMinor > 0);
  const types: WebhookEventType[] = [];
  if (facts.credited) types.push('order.credited');
  if (facts.skipped) types.push('order.skipped');
  if (refunds.length > 0) types.push('order.refunded');
  if (types.length === 0) return [];
  const subscribed = await trx('webhook_endpoints')
    .where({ workspace_id: facts.workspaceId, status: 'enabled' })
    .whereRaw('events && ?::text[]', [types])
    .first('id');
  if (!subscribed) return [];

  const data = await orderEventData(trx, facts.orderRowId);
  const record = (type: 'order.credited' | 'order.skipped' | 'order.refunded', factId?: string) =>
    recordWebhookEvent(trx, { workspaceId: facts.workspaceId, type, data, dedupeKey: orderEventDedupeKey(type, facts.integrationId, facts.orderId, factId) });
  const ids: (string | null)[] = [];
  if (facts.credited) ids.push(await record('order.credited'));
  if (facts.skipped) ids.push(await record('order.skipped'));
  for (const refund of refunds) ids.push(await record('order.refunded', refund.id));
  return ids.filter((id): id is string => id !== null);
}
