import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import type { Db } from '../db';
import { newId } from '../domain/ids';
import type { IntegrationStatus } from '../domain/rules';
import { integrationEvent } from '../webhooks/integration-events';
import { recordWebhookEvent } from '../webhooks/record-webhook-event';

export type Integration = {
  id: string;
  workspaceId: WorkspaceId;
  type: 'custom';
  websiteUrl: string;
  origin: string;
  status: IntegrationStatus;
  createdAt: Date;
  verificationStartedAt: Date | null;
  connectedAt: Date | null;
  disconnectedAt: Date | null;
  lastSignalAt: Date | null;
  /** A pixel order waits (pending) for the store's server to report it too, at most confirmationWindowHours. */
  requireServerConfirmation: boolean;
  confirmationWindowHours: number;
};

/** What PATCH /api/v1/integrations/:id may change. */
export type ConfirmationSettings = { requireServerConfirmation?: boolean; confirmationWindowHours?: number };

export type OriginSignal = { origin: string; lastUrl: string | null; firstSeenAt: Date; lastSeenAt: Date; pingCount: number };

type IntegrationRow = {
  id: string;
  workspace_id: WorkspaceId;
  type: 'custom';
  website_url: string;
  origin: string;
  status: IntegrationStatus;
  created_at: Date;
  verification_started_at: Date | null;
  connected_at: Date | null;
  disconnected_at: Date | null;
  last_signal_at: Date | null;
  require_server_confirmation: boolean;
  confirmation_window_hours: number;
};

function toIntegration(row: IntegrationRow): Integration {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    type: row.type,
    websiteUrl: row.website_url,
    origin: row.origin,
    status: row.status,
    createdAt: row.created_at,
    verificationStartedAt: row.verification_started_at,
    connectedAt: row.connected_at,
    disconnectedAt: row.disconnected_at,
    lastSignalAt: row.last_signal_at,
    requireServerConfirmation: row.require_server_confirmation,
    confirmationWindowHours: row.confirmation_window_hours,
  };
}

export async function createIntegration(db: Db, input: { workspaceId: WorkspaceId; websiteUrl: string; origin: string }): Promise<Integration> {
  const [row] = await db<IntegrationRow>('integrations')
    .insert({ id: newId('int'), workspace_id: input.workspaceId, type: 'custom', website_url: input.websiteUrl, origin: input.origin })
    .returning('*');
  return toIntegration(row as IntegrationRow);
}

/** The workspace's integration with this id; another workspace's is not found (the type requires the workspace). */
export async function findIntegration(db: Db, id: string, workspaceId: WorkspaceId): Promise<Integration | null> {
  const row = await db<IntegrationRow>('integrations').where({ id, workspace_id: workspaceId }).first();
  return row ? toIntegration(row) : null;
}

/**
 * CROSS-WORKSPACE: any workspace's integration with this id. Only for system paths whose id comes
 * from the system itself, never from a request: the start script's saved demo, and the
 * verification workflow reading back the integration it just updated.
 */
export async function findIntegrationInAnyWorkspace(db: Db, id: string): Promise<Integration | null> {
  const row = await db<IntegrationRow>('integrations').where({ id }).first();
  return row ? toIntegration(row) : null;
}

export async function listIntegrations(db: Db, workspaceId: WorkspaceId): Promise<Integration[]> {
  const rows = await db<IntegrationRow>('integrations').where({ workspace_id: workspaceId }).orderBy('created_at', 'desc');
  return rows.map(toIntegration);
}

/** Pings are unauthenticated: however many origins send them, an integration keeps this many other origins (the most recent). */
export const MAX_OTHER_ORIGINS_KEPT = 50;

/**
 * Upserts the per-origin signal; a ping from the registered origin also counts as pixel activity.
 * A new other origin past MAX_OTHER_ORIGINS_KEPT pushes out the least recently seen one.
 */
export async function recordSignal(db: Db, input: { integrationId: string; origin: string; url: string | null; seenAt: Date; pings: number }): Promise<void> {
  await db.transaction(async (trx) => {
    const upserted = await trx.raw<{ rows: { inserted: boolean }[] }>(
      `insert into integration_signals (integration_id, origin, last_url, first_seen_at, last_seen_at, ping_count)
       values (?, ?, ?, ?, ?, ?)
       on conflict (integration_id, origin) do update
         set last_url = excluded.last_url,
             last_seen_at = greatest(integration_signals.last_seen_at, excluded.last_seen_at),
             ping_count = integration_signals.ping_count + excluded.ping_count
       returning (xmax = 0) as inserted`,
      [input.integrationId, input.origin, input.url, input.seenAt, input.seenAt, input.pings],
    );
    if (upserted.rows[0]?.inserted) await forgetOldestOtherOrigins(trx, input.integrationId);
    await trx('integrations')
      .where({ id: input.integrationId, origin: input.origin })
      .andWhere((q) => q.whereNull('last_signal_at').orWhere('last_signal_at', '<', input.seenAt))
      .update({ last_signal_at: input.seenAt });
  });
}

/** Keeps the MAX_OTHER_ORIGINS_KEPT most recently seen origins other than the registered one (always kept). */
async function forgetOldestOtherOrigins(trx: Knex.Transaction, integrationId: string): Promise<void> {
  // One pruner at a time per integration, after its own insert: the last one sees every new origin.
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`integration-origins:${integrationId}`]);
  await trx.raw(
    `delete from integration_signals
      where integration_id = :id
        and origin in (
          select s.origin from integration_signals s
           where s.integration_id = :id
             and s.origin <> (select i.origin from integrations i where i.id = :id)
           order by s.last_seen_at desc, s.origin
          offset :keep)`,
    { id: integrationId, keep: MAX_OTHER_ORIGINS_KEPT },
  );
}

/** The most recently seen origins (at most `limit`, all but `exceptOrigin`) and how many there are in all. */
/** The signals of the workspace's integration `integrationId` (none when it is another workspace's). */
function signalsOf(db: Db, workspaceId: WorkspaceId, integrationId: string) {
  return db('integration_signals').whereIn('integration_id', db('integrations').where({ id: integrationId, workspace_id: workspaceId }).select('id'));
}

export async function recentSignals(
  db: Db,
  workspaceId: WorkspaceId,
  integrationId: string,
  options: { limit: number; exceptOrigin?: string },
): Promise<{ signals: OriginSignal[]; total: number }> {
  const query = signalsOf(db, workspaceId, integrationId)
    .orderBy([{ column: 'last_seen_at', order: 'desc' }, { column: 'origin' }])
    .limit(options.limit)
    .select('*', db.raw('count(*) over () as total'));
  if (options.exceptOrigin !== undefined) query.andWhereNot({ origin: options.exceptOrigin });
  const rows = await query;
  return { signals: rows.map(signalOf), total: rows.length ? Number(rows[0].total) : 0 };
}

function signalOf(r: { origin: string; last_url: string | null; first_seen_at: Date; last_seen_at: Date; ping_count: string | number }): OriginSignal {
  return { origin: r.origin, lastUrl: r.last_url, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at, pingCount: Number(r.ping_count) };
}

export async function listSignals(db: Db, workspaceId: WorkspaceId, integrationId: string): Promise<OriginSignal[]> {
  const rows = await signalsOf(db, workspaceId, integrationId).orderBy('last_seen_at', 'desc');
  return rows.map(signalOf);
}

export async function markVerificationStarted(db: Db, workspaceId: WorkspaceId, id: string, at: Date): Promise<void> {
  await db('integrations').where({ id, workspace_id: workspaceId, status: 'pending' }).update({ verification_started_at: at });
}

/**
 * pending → connected, only when the registered origin has reported in. Returns the resulting
 * integration and, when this call connected it, the `integration.connected` webhook event recorded
 * in the same transaction (to dispatch after it).
 */
export function connectIfPixelSeen(db: Db, workspaceId: WorkspaceId, id: string): Promise<{ integration: Integration | null; webhookEventId: string | null }> {
  return connectPending(db, id, workspaceId);
}

/** The verification workflow's poll: it knows the integration by id alone. */
export function connectIfPixelSeenInAnyWorkspace(db: Db, id: string): Promise<{ integration: Integration | null; webhookEventId: string | null }> {
  return connectPending(db, id, null);
}

async function connectPending(
  db: Db,
  id: string,
  workspaceId: WorkspaceId | null,
): Promise<{ integration: Integration | null; webhookEventId: string | null }> {
  return db.transaction(async (trx) => {
    const [row] = await trx<IntegrationRow>('integrations')
      .where({ id, status: 'pending', ...(workspaceId === null ? {} : { workspace_id: workspaceId }) })
      .whereNotNull('last_signal_at')
      .update({ status: 'connected', connected_at: trx.fn.now() })
      .returning('*');
    if (!row)
      return {
        integration: workspaceId === null ? await findIntegrationInAnyWorkspace(trx, id) : await findIntegration(trx, id, workspaceId),
        webhookEventId: null,
      };
    const integration = toIntegration(row as IntegrationRow);
    return { integration, webhookEventId: await recordWebhookEvent(trx, integrationEvent('integration.connected', integration)) };
  });
}

/** Terminal: a disconnected integration never comes back. Returns the `integration.disconnected` event recorded with it, if any. */
export async function disconnectIntegration(db: Db, workspaceId: WorkspaceId, id: string): Promise<string | null> {
  return db.transaction(async (trx) => {
    const [row] = await trx<IntegrationRow>('integrations')
      .where({ id, workspace_id: workspaceId })
      .whereNot({ status: 'disconnected' })
      .update({ status: 'disconnected', disconnected_at: trx.fn.now() })
      .returning('*');
    return row ? recordWebhookEvent(trx, integrationEvent('integration.disconnected', toIntegration(row as IntegrationRow))) : null;
  });
}

/** Changes the server-confirmation settings; orders already waiting keep the deadline they were given. */
export async function updateConfirmationSettings(db: Db, workspaceId: WorkspaceId, id: string, settings: ConfirmationSettings): Promise<Integration | null> {
  const [row] = await db<IntegrationRow>('integrations')
    .where({ id, workspace_id: workspaceId })
    .update({ require_server_confirmation: settings.requireServerConfirmation, confirmation_window_hours: settings.confirmationWindowHours })
    .returning('*');
  return row ? toIntegration(row as IntegrationRow) : null;
}
