import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { WebhookEventType } from './event-types';
import { openSecret, sealSecret } from './secret-box';
import { newSigningSecret } from './sign-webhook';

export type EndpointStatus = 'enabled' | 'disabled';
/** gone: the endpoint answered 410; failing: only failures for the configured time; manual: an Admin disabled it. */
export type DisabledReason = 'gone' | 'failing' | 'manual';

export type WebhookEndpoint = {
  id: string;
  workspaceId: WorkspaceId;
  url: string;
  events: WebhookEventType[];
  status: EndpointStatus;
  disabledReason: DisabledReason | null;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

type EndpointRow = {
  id: string;
  workspace_id: WorkspaceId;
  url: string;
  events: WebhookEventType[];
  status: EndpointStatus;
  disabled_reason: DisabledReason | null;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: Date | null;
  older_secret_ciphertext: string | null;
  older_secret_expires_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
};

/** The old secret keeps signing beside the new one this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    url: row.url,
    events: row.events,
    status: row.status,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Creates an endpoint and returns its signing secret: the only time it is seen in clear outside signing. */
export async function createEndpoint(
  db: Db,
  key: Buffer,
  input: { workspaceId: WorkspaceId; url: string; events: WebhookEventType[] },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const id = newId('wh');
  const secret = newSigningSecret();
  const [row] = await db<EndpointRow>('webhook_endpoints')
    .insert({ id, workspace_id: input.workspaceId, url: input.url, events: input.events, secret_ciphertext: sealSecret(key, id, secret) })
    .returning('*');
  return { endpoint: toEndpoint(row as EndpointRow), secret };
}

/** The workspace's endpoint with this id; another workspace's is not found (the type requires the workspace). */
export async function findEndpoint(db: Db, id: string, workspaceId: WorkspaceId): Promise<WebhookEndpoint | null> {
  const row = await db<EndpointRow>('webhook_endpoints').where({ id, workspace_id: workspaceId }).first();
  return row ? toEndpoint(row) : null;
}

/**
 * CROSS-WORKSPACE: any workspace's endpoint with this id. Only for the delivery workflow, whose
 * endpoint id was chosen by the dispatcher from the event's own workspace, never by a request.
 */
export async function findEndpointInAnyWorkspace(db: Db, id: string): Promise<WebhookEndpoint | null> {
  const row = await db<EndpointRow>('webhook_endpoints').where({ id }).first();
  return row ? toEndpoint(row) : null;
}

export async function listEndpoints(db: Db, workspaceId: WorkspaceId, page: { limit: number; offset: number }): Promise<WebhookEndpoint[]> {
  const rows = await db<EndpointRow>('webhook_endpoints')
    .where({ workspace_id: workspaceId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(toEndpoint);
}

export type EndpointChanges = { url?: string; events?: WebhookEventType[]; status?: EndpointStatus };

/** Enabling clears why it was disabled and its failure streak; disabling by hand says `manual`. */
export async function updateEndpoint(db: Db, id: string, workspaceId: WorkspaceId, changes: EndpointChanges): Promise<WebhookEndpoint | null> {
  const update: Record<string, unknown> = { updated_at: db.fn.now() };
  if (changes.url !== undefined) update.url = changes.url;
  if (changes.events !== undefined) update.events = changes.events;
  if (changes.status === 'enabled') Object.assign(update, { status: 'enabled', disabled_reason: null, failing_since: null });
  if (changes.status === 'disabled') Object.assign(update, { status: 'disabled', disabled_reason: 'manual' });
  const [row] = await db('webhook_endpoints').where({ id, workspace_id: workspaceId }).update(update).returning('*');
  return row ? toEndpoint(row as EndpointRow) : null;
}

export async function deleteEndpoint(db: Db, id: string, workspaceId: WorkspaceId): Promise<void> {
  await db('webhook_endpoints').where({ id, workspace_id: workspaceId }).delete();
}

/**
 * A new secret; the current one becomes the previous one and keeps signing until
 * `previousSecretExpiresAt`. A previous secret still within its overlap is kept as the older one,
 * signing until its own expiry (a second rotation within the overlap must not cut off receivers
 * that still hold the first secret). At most three secrets sign: a third rotation within the
 * overlap ends the oldest.
 */
export async function rotateSecret(
  db: Db,
  key: Buffer,
  endpoint: { workspaceId: WorkspaceId; id: string },
  now = new Date(),
): Promise<{ secret: string; previousSecretExpiresAt: Date } | null> {
  const { id } = endpoint;
  const secret = newSigningSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  const updated = await db('webhook_endpoints')
    .where({ id, workspace_id: endpoint.workspaceId })
    .update({
      // The right-hand sides read the row as it was: the previous secret, if it still signs, moves down one.
      older_secret_ciphertext: db.raw('case when previous_secret_expires_at > ? then previous_secret_ciphertext end', [now]),
      older_secret_expires_at: db.raw('case when previous_secret_expires_at > ? then previous_secret_expires_at end', [now]),
      previous_secret_ciphertext: db.ref('secret_ciphertext'),
      previous_secret_expires_at: previousSecretExpiresAt,
      secret_ciphertext: sealSecret(key, id, secret),
      updated_at: db.fn.now(),
    });
  return updated > 0 ? { secret, previousSecretExpiresAt } : null;
}

/** The secrets that sign a delivery now: the current one, and each earlier one while its own overlap lasts (at most three). */
export async function signingSecrets(db: Db, key: Buffer, id: string, now = new Date()): Promise<string[]> {
  const row = await db<EndpointRow>('webhook_endpoints')
    .where({ id })
    .first('secret_ciphertext', 'previous_secret_ciphertext', 'previous_secret_expires_at', 'older_secret_ciphertext', 'older_secret_expires_at');
  if (!row) return [];
  const secrets = [openSecret(key, id, row.secret_ciphertext)];
  const earlier: [string | null, Date | null][] = [
    [row.previous_secret_ciphertext, row.previous_secret_expires_at],
    [row.older_secret_ciphertext, row.older_secret_expires_at],
  ];
  for (const [ciphertext, expiresAt] of earlier) {
    if (ciphertext && expiresAt && expiresAt > now) secrets.push(openSecret(key, id, ciphertext));
  }
  return secrets;
}

/** The enabled endpoints of a workspace that take this event type. */
export async function subscribedEndpointIds(db: Db, workspaceId: WorkspaceId, type: WebhookEventType): Promise<string[]> {
  return db('webhook_endpoints').where({ workspace_id: workspaceId, status: 'enabled' }).whereRaw('? = any(events)', [type]).pluck('id');
}

/** A 2xx ends the endpoint's failure streak. */
export async function markEndpointHealthy(db: Db, id: string): Promise<void> {
  await db('webhook_endpoints').where({ id }).whereNotNull('failing_since').update({ failing_since: null });
}

/** Starts the failure streak if none is running; disables the endpoint when the streak is older than `disableAfterSeconds`. */
export async function markEndpointFailing(db: Db, id: string, disableAfterSeconds: number, now = new Date()): Promise<'failing' | 'disabled'> {
  await db('webhook_endpoints').where({ id }).whereNull('failing_since').update({ failing_since: now });
  const disabled = await db('webhook_endpoints')
    .where({ id, status: 'enabled' })
    .andWhere('failing_since', '<=', new Date(now.getTime() - disableAfterSeconds * 1000))
    .update({ status: 'disabled', disabled_reason: 'failing', updated_at: db.fn.now() });
  return disabled > 0 ? 'disabled' : 'failing';
}

/** 410 Gone: the receiver says it will never take deliveries again. */
export async function disableGoneEndpoint(db: Db, id: string): Promise<void> {
  await db('webhook_endpoints').where({ id, status: 'enabled' }).update({ status: 'disabled', disabled_reason: 'gone', updated_at: db.fn.now() });
}
