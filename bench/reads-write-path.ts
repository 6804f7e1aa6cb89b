import { createDb, ensureDatabaseExists, migrateToLatest, type Db } from '../core/db';
import { newId } from '../core/domain/ids';
import { createLogger } from '../core/logger';
import { recordClicksAcrossWorkspaces } from '../core/repositories/links';
import { applyWaitingRefunds, storeRefund } from '../core/repositories/refunds';
import type { DispatchWebhookEvents } from '../core/webhooks/dispatch-webhook-events';
import { createRecordOrder } from '../workflows/activities/record-order';
import { dropDatabase } from './reads-seed';
import { newWorkspace } from './reads-write-workspace';
import { median, ratio } from './report';

/** The migrations of issue 30: "before" is the schema without them. */
const READS_MIGRATIONS = ['20261207150100_read_indexes.ts', '20261207150000_daily_rollups.ts'];
const ROUNDS = Number(process.env.BENCH_READS_WRITE_ROUNDS ?? 5);
const CLICK_BATCHES = 60;
const CLICKS_PER_BATCH = 50;
const ORDERS = 60;

type Side = { name: 'before' | 'after'; db: Db; ws: Awaited<ReturnType<typeof newWorkspace>> };
type Sample = { clickBatchMs: number; orderMs: number; refundMs: number };

async function freshDatabase(url: string, without: string[]): Promise<Db> {
  await dropDatabase(url);
  await ensureDatabaseExists(url);
  const db = createDb(url, { min: 0, max: 2 });
  await migrateToLatest(db);
  for (const migration of without) await db.migrate.down({ name: migration });
  return db;
}

async function sample(side: Side): Promise<Sample> {
  const { db, ws } = side;
  let started = performance.now();
  for (let b = 0; b < CLICK_BATCHES; b += 1) {
    const now = Date.now();
    const batch = Array.from({ length: CLICKS_PER_BATCH }, (_, i) => ({
      clickId: newId('clk'),
      linkId: ws.linkIds[(b * CLICKS_PER_BATCH + i) % ws.linkIds.length] as string,
      workspaceId: ws.workspaceId,
      clickedAt: new Date(now - i * 1000),
      isUnique: i % 2 === 0,
    }));
    await recordClicksAcrossWorkspaces(db, batch);
  }
  const clickBatchMs = (performance.now() - started) / CLICK_BATCHES;

  const recordOrder = createRecordOrder(db, {
    dispatch: (async () => []) as unknown as DispatchWebhookEvents,
    log: createLogger({ level: 'warn', name: 'bench' }),
  });
  const orderIds: string[] = [];
  started = performance.now();
  for (let i = 0; i < ORDERS; i += 1) {
    const orderId = `bench-${newId('ord')}`;
    orderIds.push(orderId);
    await recordOrder({
      job: {
        reportId: newId('rpt'),
        integrationId: ws.integrationId,
        origin: 'https://shop.bench.test',
        order: { orderId, value: 42.5, currency: 'EUR', coupon: undefined },
        receivedAt: new Date().toISOString(),
      },
      workspaceId: ws.workspaceId,
      decision: { status: 'credited', creatorId: ws.creatorId, attributedBy: 'link', linkId: ws.linkIds[i % ws.linkIds.length] as string },
      confirmationHourSeconds: 3600,
    });
  }
  const orderMs = (performance.now() - started) / ORDERS;

  started = performance.now();
  for (const orderId of orderIds) {
    await db.transaction(async (trx) => {
      const refund = {
        workspaceId: ws.workspaceId,
        integrationId: ws.integrationId,
        orderId,
        refundId: `r-${orderId}`,
        value: 10,
        currency: 'EUR',
        source: 'server' as const,
        receivedAt: new Date().toISOString(),
      };
      await storeRefund(trx, refund);
      await applyWaitingRefunds(trx, ws.integrationId, orderId);
    });
  }
  const refundMs = (performance.now() - started) / orderIds.length;
  return { clickBatchMs, orderMs, refundMs };
}

/**
 * The write path with and without the rollups and the read indexes, side by side in one run:
 * the click consumer's batched insert (50 clicks), an order's record transaction, and a refund
 * applied to it. Two databases, alternating rounds, medians.
 */
export async function measureWritePath(baseUrl: string): Promise<{ lines: string[]; markdown: string[] }> {
  const sides: Side[] = [];
  for (const name of ['before', 'after'] as const) {
    const db = await freshDatabase(`${baseUrl}_${name}`, name === 'before' ? READS_MIGRATIONS : []);
    sides.push({ name, db, ws: await newWorkspace(db) });
  }
  const samples: Record<string, Sample[]> = { before: [], after: [] };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of round % 2 ? [...sides].reverse() : sides) samples[side.name]?.push(await sample(side));
    }
  } finally {
    for (const side of sides) await side.db.destroy();
  }
  const med = (name: string, key: keyof Sample) => median((samples[name] ?? []).map((s) => s[key]));
  const rows: [string, keyof Sample][] = [
    [`click consumer's insert (batch of ${CLICKS_PER_BATCH})`, 'clickBatchMs'],
    ["order's record transaction", 'orderMs'],
    ['refund applied (its transaction)', 'refundMs'],
  ];
  const lines = rows.map(
    ([label, key]) =>
      `write ${key} before ${med('before', key).toFixed(2)} ms after ${med('after', key).toFixed(2)} ms (${ratio(med('after', key), med('before', key))}) ${label}`,
  );
  const markdown = [
    `Write path with and without the rollups and indexes of issue 30, side by side in one run (two databases, ${ROUNDS} alternating rounds, medians of the per-round means; shared, noisy machine):`,
    '',
    '| write | before ms | after ms | after / before |',
    '| ----- | --------: | -------: | -------------: |',
    ...rows.map(
      ([label, key]) => `| ${label} | ${med('before', key).toFixed(2)} | ${med('after', key).toFixed(2)} | ${ratio(med('after', key), med('before', key))} |`,
    ),
  ];
  return { lines, markdown };
}
