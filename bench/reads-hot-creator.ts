import { createDb, ensureDatabaseExists, migrateToLatest, type Db } from '../core/db';
import { newId } from '../core/domain/ids';
import { createLogger } from '../core/logger';
import type { DispatchWebhookEvents } from '../core/webhooks/dispatch-webhook-events';
import { createRecordOrder } from '../workflows/activities/record-order';
import { dropDatabase } from './reads-seed';
import { newWorkspace } from './reads-write-workspace';
import { median, ratio } from './report';

/**
 * `npx tsx bench/reads-hot-creator.ts`: do credits of ONE creator serialise on their order_daily row?
 * Every credit of a (workspace, status, day, creator, currency) upserts the same rollup row, and
 * holds its lock until the credit's transaction commits. CONCURRENT credits at once (the pool's
 * 10 connections busy), all of one creator, then each of its own creator; with and without the
 * rollup trigger (two databases, alternating rounds, medians). A real serialisation shows as one
 * creator's batch taking longer than the spread batch *with* the trigger only.
 *   BENCH_HOT_URL (default postgres://postgres@127.0.0.1:5432/influtrace_bench_hot_creator), BENCH_HOT_CONCURRENT=50, BENCH_HOT_ROUNDS=5
 */
const BASE = process.env.BENCH_HOT_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_hot_creator';
const CONCURRENT = Number(process.env.BENCH_HOT_CONCURRENT ?? 50);
const ROUNDS = Number(process.env.BENCH_HOT_ROUNDS ?? 5);

type Side = { name: string; db: Db; ws: Awaited<ReturnType<typeof newWorkspace>>; creatorIds: string[] };

async function side(name: 'with-rollup' | 'without-rollup'): Promise<Side> {
  const url = `${BASE}_${name.replace('-', '_').replace('-', '_')}`;
  await dropDatabase(url);
  await ensureDatabaseExists(url);
  const db = createDb(url, { min: 0, max: 10 });
  await migrateToLatest(db);
  if (name === 'without-rollup') for (const op of ['insert', 'update', 'delete']) await db.raw(`drop trigger orders_keep_order_daily_${op} on orders`);
  const ws = await newWorkspace(db);
  // A commission rule, so each credit's transaction writes its sale commission too, as a real one does.
  await db('workspaces')
    .where({ id: ws.workspaceId })
    .update({ commission: JSON.stringify({ type: 'percent', percent: 10 }) });
  const creatorIds = [ws.creatorId];
  for (let i = 1; i < CONCURRENT; i += 1) creatorIds.push(newId('cre'));
  await db('creators').insert(creatorIds.slice(1).map((id, i) => ({ id, workspace_id: ws.workspaceId, name: `Creator ${i}` })));
  return { name, db, ws, creatorIds };
}

type Mode = 'one creator' | 'many creators' | 'unattributed';
const MODES: Mode[] = ['one creator', 'many creators', 'unattributed'];

/** CONCURRENT orders at once (credits of one creator, credits of as many creators, or skipped: no creator, one rollup row too); wall time in ms. */
async function burst(s: Side, mode: Mode): Promise<number> {
  const recordOrder = createRecordOrder(s.db, {
    dispatch: (async () => []) as unknown as DispatchWebhookEvents,
    log: createLogger({ level: 'warn', name: 'bench' }),
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      recordOrder({
        job: {
          reportId: newId('rpt'),
          integrationId: s.ws.integrationId,
          origin: 'https://shop.bench.test',
          order: { orderId: `hot-${newId('ord')}`, value: 42.5, currency: 'EUR', coupon: undefined },
          receivedAt: new Date().toISOString(),
        },
        workspaceId: s.ws.workspaceId,
        decision:
          mode === 'unattributed'
            ? { status: 'skipped', reason: 'unattributable' }
            : {
                status: 'credited',
                creatorId: (mode === 'one creator' ? s.creatorIds[0] : s.creatorIds[i]) as string,
                attributedBy: 'link',
                linkId: s.ws.linkIds[0] as string,
              },
        confirmationHourSeconds: 3600,
      }),
    ),
  );
  return performance.now() - started;
}

async function main(): Promise<void> {
  const sides = [await side('with-rollup'), await side('without-rollup')];
  const times: Record<string, number[]> = {};
  try {
    for (const s of sides) for (const mode of MODES) await burst(s, mode); // warm-up
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const s of round % 2 ? [...sides].reverse() : sides) {
        for (const mode of round % 2 ? [...MODES].reverse() : MODES) (times[`${s.name} ${mode}`] ??= []).push(await burst(s, mode));
      }
    }
  } finally {
    for (const s of sides) await s.db.destroy();
  }
  for (const s of sides) {
    const [one, many, skipped] = MODES.map((mode) => median(times[`${s.name} ${mode}`] ?? []));
    console.log(
      `hot-creator ${s.name}: ${CONCURRENT} concurrent credits of one creator ${one?.toFixed(1)} ms, of ${CONCURRENT} creators ${many?.toFixed(1)} ms (${ratio(one ?? 0, many ?? 1)}); ${CONCURRENT} concurrent unattributed (skipped) orders ${skipped?.toFixed(1)} ms (${ratio(skipped ?? 0, many ?? 1)})`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
