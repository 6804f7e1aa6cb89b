import type { WorkspaceId } from '../domain/workspace-id';
import type { Db } from '../db';

// Every function here works across all workspaces at once (the Schedule runs for the whole deployment):
// the keyset scans are named …AcrossWorkspaces, the set-based sweeps and flagging keep each row's own
// workspace (a flag is raised in its order's workspace).

export type VerificationSweepInput = { now: Date; staleAfterDays: number; pollForMinutes: number };
export type VerificationSweepResult = { flaggedStale: number; recovered: number; expired: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotent, set-based: connected integrations with no registered-origin signal for
 * `staleAfterDays` get `stale_since` (kept once set), those that reported in again lose it, and
 * pending verifications older than the polling window are expired (`verification_started_at` cleared).
 */
export async function sweepIntegrations(db: Db, input: VerificationSweepInput): Promise<VerificationSweepResult> {
  const staleBefore = new Date(input.now.getTime() - input.staleAfterDays * DAY_MS);
  const pollingStartedBefore = new Date(input.now.getTime() - input.pollForMinutes * 60_000);
  return db.transaction(async (trx) => {
    const flaggedStale = await trx('integrations')
      .where({ status: 'connected' })
      .whereNull('stale_since')
      .andWhere(trx.raw('coalesce(last_signal_at, connected_at, created_at) < ?', [staleBefore]))
      .update({ stale_since: input.now });
    const recovered = await trx('integrations')
      .whereNotNull('stale_since')
      .andWhere((q) => q.whereNot({ status: 'connected' }).orWhere('last_signal_at', '>=', staleBefore))
      .update({ stale_since: null });
    const expired = await trx('integrations')
      .where({ status: 'pending' })
      .where('verification_started_at', '<', pollingStartedBefore)
      .update({ verification_started_at: null });
    return { flaggedStale, recovered, expired };
  });
}

export type StuckReport = { id: string; payload: unknown };

/** Reports with no outcome received before `receivedBefore`, in id order after `afterId` (keyset). */
export async function findStuckReportsAcrossWorkspaces(db: Db, input: { receivedBefore: Date; afterId?: string; limit: number }): Promise<StuckReport[]> {
  const query = db('order_reports')
    .whereNull('outcome')
    .andWhere('received_at', '<', input.receivedBefore)
    .orderBy('id')
    .limit(input.limit)
    .select('id', 'payload');
  if (input.afterId) query.andWhere('id', '>', input.afterId);
  return query;
}

export async function countStuckReportsAcrossWorkspaces(db: Db, receivedBefore: Date): Promise<number> {
  const row = await db('order_reports').whereNull('outcome').andWhere('received_at', '<', receivedBefore).first(db.raw('count(*)::int as n'));
  return Number(row?.n ?? 0);
}

export type OrderFlagKind = 'cross_integration_duplicate' | 'changed_repeat' | 'attribution_overridden';
export type OrderFlag = { workspaceId: WorkspaceId; kind: OrderFlagKind; integrationId: string; orderId: string; details: Record<string, unknown> };

/** Deterministic id: the same (kind, integration, order id) always names the same flag. */
const flagIdSql = "'flg_' || substr(md5(kind || '/' || integration_id || '/' || order_id), 1, 20)";

/** Idempotent: a flag already raised is left as it is (ON CONFLICT DO NOTHING). Returns how many are new. */
export async function insertOrderFlags(db: Db, flags: OrderFlag[]): Promise<number> {
  if (flags.length === 0) return 0;
  const rows = flags.map((f) => ({ workspace_id: f.workspaceId, kind: f.kind, integration_id: f.integrationId, order_id: f.orderId, details: f.details }));
  const result = await db.raw(
    `insert into order_flags (id, workspace_id, kind, integration_id, order_id, details)
     select ${flagIdSql}, workspace_id, kind, integration_id, order_id, details
     from jsonb_to_recordset(?::jsonb) as f(workspace_id text, kind text, integration_id text, order_id text, details jsonb)
     on conflict (kind, integration_id, order_id) do nothing
     returning id`,
    [JSON.stringify(rows)],
  );
  return result.rows.length;
}

/**
 * Set-based: every credited order whose order id is also credited on another integration of the
 * same workspace gets a `cross_integration_duplicate` flag (one per integration involved), looking
 * at orders processed since `since`: the order ids credited since then (an index range, so the
 * cost follows the orders of the lookback, not the whole table), then every credited order of
 * those ids that has a credited twin on another integration.
 */
export async function flagCrossIntegrationDuplicates(db: Db, since: Date): Promise<number> {
  const result = await db.raw(
    `insert into order_flags (id, workspace_id, kind, integration_id, order_id, details)
     select 'flg_' || substr(md5('cross_integration_duplicate/' || o.integration_id || '/' || o.order_id), 1, 20),
            o.workspace_id, 'cross_integration_duplicate', o.integration_id, o.order_id,
            jsonb_build_object('orderRowId', o.id, 'otherIntegrationIds', twins.ids)
     from (select distinct workspace_id, order_id from orders where status = 'credited' and processed_at >= ?) recent
     join orders o on o.workspace_id = recent.workspace_id and o.order_id = recent.order_id and o.status = 'credited'
     cross join lateral (
       select jsonb_agg(o2.integration_id order by o2.integration_id) as ids from orders o2
       where o2.workspace_id = o.workspace_id and o2.order_id = o.order_id and o2.integration_id <> o.integration_id and o2.status = 'credited') twins
     where twins.ids is not null
     on conflict (kind, integration_id, order_id) do nothing
     returning id`,
    [since],
  );
  return result.rows.length;
}

export type CreditedReport = {
  reportId: string;
  workspaceId: WorkspaceId;
  integrationId: string;
  orderId: string;
  payload: unknown;
  creditedValueMinor: number;
  creditedCurrency: string;
};

/**
 * Processed reports (since `since`) of credited orders, in report id order after `afterId` (keyset).
 * The ids processed since then come first from their index, sorted by id in a subquery that
 * `offset 0` keeps apart (so the planner never walks the whole table in id order instead, and knows
 * the ids arrive sorted); the join to their rows and orders then stops once it has a page, instead
 * of joining every report of the lookback for every page (measured at 1,000,000 orders: 31 ms a
 * page before, 4 ms after).
 */
export async function findReportsOfCreditedOrdersAcrossWorkspaces(db: Db, input: { since: Date; afterId?: string; limit: number }): Promise<CreditedReport[]> {
  const recentIds = input.afterId
    ? db.raw('(select id from order_reports where outcome is not null and processed_at >= ? and id > ? order by id offset 0) as recent', [
        input.since,
        input.afterId,
      ])
    : db.raw('(select id from order_reports where outcome is not null and processed_at >= ? order by id offset 0) as recent', [input.since]);
  const query = db
    .from(recentIds)
    .join('order_reports as r', 'r.id', 'recent.id')
    .join('orders as o', (j) => j.on('o.integration_id', 'r.integration_id').andOn('o.order_id', 'r.order_id'))
    .where('o.status', 'credited')
    .orderBy('recent.id')
    .limit(input.limit)
    .select('r.id', 'r.payload', 'o.workspace_id', 'o.integration_id', 'o.order_id', 'o.value_minor', 'o.currency');
  const rows = await query;
  return rows.map((r) => ({
    reportId: r.id,
    workspaceId: r.workspace_id,
    integrationId: r.integration_id,
    orderId: r.order_id,
    payload: r.payload,
    creditedValueMinor: Number(r.value_minor),
    creditedCurrency: String(r.currency).trim(),
  }));
}
