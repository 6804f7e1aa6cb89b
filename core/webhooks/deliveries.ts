import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { WebhookEventType } from './event-types';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';
/** Why an attempt got no HTTP status: no answer in time, no connection, or the URL refused at delivery. */
export type DeliveryError = 'timeout' | 'connection_failed' | 'url_refused';

export type WebhookDelivery = {
  id: string;
  eventId: string;
  type: WebhookEventType;
  attempt: number;
  status: DeliveryStatus;
  responseStatus: number | null;
  durationMs: number | null;
  error: DeliveryError | null;
  createdAt: Date;
};

export type AttemptKey = { endpointId: string; eventId: string; attempt: number };

/** Records the attempt as pending before the request; a repeat of the same attempt (its activity retried) reuses the row. */
export async function startAttempt(db: Db, key: AttemptKey): Promise<string> {
  const result = await db.raw(
    `insert into webhook_deliveries (id, endpoint_id, event_id, attempt, status)
     values (?, ?, ?, ?, 'pending')
     on conflict (endpoint_id, event_id, attempt) do update set status = 'pending', response_status = null, duration_ms = null, error = null
     returning id`,
    [newId('whd'), key.endpointId, key.eventId, key.attempt],
  );
  return result.rows[0].id as string;
}

export async function finishAttempt(
  db: Db,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; responseStatus: number | null; durationMs: number | null; error: DeliveryError | null },
): Promise<void> {
  await db('webhook_deliveries')
    .where({ id })
    .update({ status: outcome.status, response_status: outcome.responseStatus, duration_ms: outcome.durationMs, error: outcome.error });
}

/** A delivery that already succeeded is never sent again, whatever Temporal replays. */
export async function hasSucceeded(db: Db, endpointId: string, eventId: string): Promise<boolean> {
  const row = await db('webhook_deliveries').where({ endpoint_id: endpointId, event_id: eventId, status: 'succeeded' }).first('id');
  return row !== undefined;
}

/** Newest first. */
export async function listDeliveries(
  db: Db,
  workspaceId: WorkspaceId,
  endpointId: string,
  page: { limit: number; offset: number },
): Promise<WebhookDelivery[]> {
  const rows = await db('webhook_deliveries as d')
    .join('webhook_events as e', 'e.id', 'd.event_id')
    .where({ 'd.endpoint_id': endpointId, 'e.workspace_id': workspaceId })
    .orderBy([
      { column: 'd.created_at', order: 'desc' },
      { column: 'd.attempt', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
    .limit(page.limit)
    .offset(page.offset)
    .select('d.*', 'e.type');
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    type: r.type,
    attempt: r.attempt,
    status: r.status,
    responseStatus: r.response_status,
    durationMs: r.duration_ms,
    error: r.error,
    createdAt: r.created_at,
  }));
}

/** The body of an event as every delivery of it sends it. */
export async function eventBody(db: Db, eventId: string): Promise<string | null> {
  const row = await db('webhook_events').where({ id: eventId }).first('id', 'type', 'created_at', 'data');
  if (!row) return null;
  return JSON.stringify({ id: row.id, type: row.type, createdAt: (row.created_at as Date).toISOString(), data: row.data });
}
