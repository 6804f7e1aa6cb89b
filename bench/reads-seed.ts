import type { WorkspaceId } from '../core/domain/workspace-id';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDb, type Db } from '../core/db';
import { createWorkspace } from '../core/repositories/workspaces';
import { rebuildRollups } from '../core/rollups/rebuild-rollups';

/** How big a seeded workspace is; clicks and orders spread over `days` up to now. */
export type SeedSizes = { clicks: number; orders: number; days: number; links: number; creators: number; integrations: number };
export type SeededWorkspace = { workspaceId: WorkspaceId; token: string; creatorIds: string[]; integrationIds: string[] };

const DAY_MS = 24 * 60 * 60 * 1000;
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP'];

/** A small deterministic generator: the same sizes give the same data. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Rows of COPY's text format, made lazily in chunks so ten million rows never sit in memory. */
function copyRows(count: number, row: (n: number) => string): Readable {
  let n = 0;
  return new Readable({
    read() {
      if (n >= count) {
        this.push(null);
        return;
      }
      const lines: string[] = [];
      for (const end = Math.min(count, n + 5_000); n < end; n += 1) lines.push(row(n));
      this.push(`${lines.join('\n')}\n`);
    },
  });
}

/** COPY with triggers and foreign-key checks off (session_replication_role = replica): the rollups are rebuilt once at the end. */
export async function copyInto(databaseUrl: string, table: string, columns: string[], count: number, row: (n: number) => string): Promise<void> {
  if (count === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await pipeline(copyRows(count, row), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
  } finally {
    await client.end();
  }
}

/**
 * One workspace of `sizes`: creators, links and integrations by insert; clicks, orders (credited,
 * skipped, pending, some refunded, a few credited on two integrations), their reports and refunds
 * by COPY. `tag` keeps ids apart between workspaces.
 */
export async function seedWorkspace(db: Db, databaseUrl: string, tag: string, sizes: SeedSizes, now: number): Promise<SeededWorkspace> {
  const { workspaceId, adminToken } = await createWorkspace(db, { name: `Bench ${tag}`, adminEmail: `bench-${tag}@bench.test` });
  const creatorIds = Array.from({ length: sizes.creators }, (_, i) => `cre_${tag}${i}`);
  const integrationIds = Array.from({ length: sizes.integrations }, (_, i) => `int_${tag}${i}`);
  const linkIds = Array.from({ length: sizes.links }, (_, i) => `lnk_${tag}${i}`);
  await db.batchInsert(
    'creators',
    creatorIds.map((id, i) => ({ id, workspace_id: workspaceId, name: `Creator ${i}` })),
    1000,
  );
  await db('integrations').insert(
    integrationIds.map((id, i) => ({
      id,
      workspace_id: workspaceId,
      type: 'custom',
      website_url: `https://s${i}.${tag}.test`,
      origin: `https://s${i}.${tag}.test`,
      status: 'connected',
    })),
  );
  await db.batchInsert(
    'links',
    linkIds.map((id, i) => ({
      id,
      workspace_id: workspaceId,
      creator_id: creatorIds[i % creatorIds.length],
      code: `${tag}${i}`,
      destination_url: 'https://shop.test/',
    })),
    1000,
  );

  const span = sizes.days * DAY_MS;
  const clicksRandom = generator(1);
  // A few links take most clicks (a viral post); every link gets some.
  await copyInto(databaseUrl, 'clicks', ['id', 'link_id', 'workspace_id', 'clicked_at', 'is_unique'], sizes.clicks, (n) => {
    const link = linkIds[Math.floor(clicksRandom() ** 2 * linkIds.length)];
    const at = new Date(now - Math.floor(clicksRandom() * span)).toISOString();
    return `clk_${tag}${n}\t${link}\t${workspaceId}\t${at}\t${clicksRandom() < 0.6 ? 't' : 'f'}`;
  });

  // Each order is drawn from its own number, so orders, reports and refunds agree without holding them.
  const orderOf = (n: number) => {
    const r = generator(n + 7);
    const roll = r();
    const status = roll < 0.7 ? 'credited' : roll < 0.9 ? 'skipped' : 'pending';
    const value = 500 + Math.floor(r() * 20_000);
    const refunded = status === 'credited' && r() < 0.08 ? Math.floor(value / 2) : 0;
    const at = new Date(now - Math.floor(r() * span)).toISOString();
    // One order in 200 has the order id of the one before, on the next integration (a cross-integration duplicate).
    const orderId = `o${n % 200 === 1 ? n - 1 : n}`;
    const creator = status === 'skipped' ? null : (creatorIds[Math.floor(r() ** 1.5 * creatorIds.length)] ?? null);
    return {
      status,
      value,
      refunded,
      at,
      integration: integrationIds[n % integrationIds.length] as string,
      orderId,
      creator,
      currency: CURRENCIES[n % CURRENCIES.length] as string,
    };
  };
  const nul = (v: string | null) => v ?? '\\N';
  await copyInto(
    databaseUrl,
    'orders',
    [
      'id',
      'workspace_id',
      'integration_id',
      'order_id',
      'status',
      'reason',
      'creator_id',
      'attributed_by',
      'value_minor',
      'currency',
      'refunded_minor',
      'reported_at',
      'processed_at',
      'confirmed',
    ],
    sizes.orders,
    (n) => {
      const o = orderOf(n);
      const reason = o.status === 'skipped' ? 'no_attribution' : null;
      return [
        `ord_${tag}${n}`,
        workspaceId,
        o.integration,
        o.orderId,
        o.status,
        nul(reason),
        nul(o.creator),
        o.creator ? 'link' : '\\N',
        o.value,
        o.currency,
        o.refunded,
        o.at,
        o.at,
        'f',
      ].join('\t');
    },
  );
  await copyInto(
    databaseUrl,
    'order_reports',
    ['id', 'integration_id', 'order_id', 'payload', 'received_at', 'workflow_id', 'outcome', 'reason', 'processed_at', 'source'],
    sizes.orders,
    (n) => {
      const o = orderOf(n);
      const payload = JSON.stringify({ order: { orderId: o.orderId, value: o.value / 100, currency: o.currency } });
      const outcome = o.status === 'pending' ? 'pending' : o.status;
      return [
        `rpt_${tag}${n}`,
        o.integration,
        o.orderId,
        payload,
        o.at,
        `order-${o.integration}-${o.orderId}`,
        outcome,
        o.status === 'pending' ? 'awaiting_confirmation' : '\\N',
        o.at,
        'pixel',
      ].join('\t');
    },
  );
  const refunded = Array.from({ length: sizes.orders }, (_, n) => n).filter((n) => orderOf(n).refunded > 0);
  await copyInto(
    databaseUrl,
    'order_refunds',
    [
      'id',
      'workspace_id',
      'integration_id',
      'order_id',
      'refund_id',
      'source',
      'value_minor',
      'currency',
      'received_at',
      'applied',
      'applied_minor',
      'processed_at',
    ],
    refunded.length,
    (i) => {
      const n = refunded[i] as number;
      const o = orderOf(n);
      return [`rfd_${tag}${n}`, workspaceId, o.integration, o.orderId, `r${n}`, 'server', o.refunded, o.currency, o.at, 't', o.refunded, o.at].join('\t');
    },
  );
  return { workspaceId, token: adminToken, creatorIds, integrationIds };
}

/** After the COPYs: the flags reconciliation would have raised, the rollups made from the facts, statistics for the planner. */
export async function finishSeed(db: Db): Promise<void> {
  await db.raw(`insert into order_flags (id, workspace_id, kind, integration_id, order_id, details, created_at)
    select 'flg_' || substr(md5('cross_integration_duplicate/' || integration_id || '/' || order_id), 1, 20), workspace_id, 'cross_integration_duplicate',
           integration_id, order_id, '{}'::jsonb, processed_at
    from orders o where status = 'credited' and exists (
      select 1 from orders o2 where o2.workspace_id = o.workspace_id and o2.order_id = o.order_id and o2.integration_id <> o.integration_id and o2.status = 'credited')
    on conflict do nothing`);
  await rebuildRollups(db);
  await db.raw('vacuum analyze');
}

/** Drops the database of this URL (connections and all): a bench database is made again from nothing. */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const db = createDb(admin.toString(), { min: 0, max: 1 });
  try {
    await db.raw(`drop database if exists "${name}" with (force)`);
  } finally {
    await db.destroy();
  }
}
