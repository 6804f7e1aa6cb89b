import type { Db } from '../core/db';

/** The top-up's own marker: its presence says this database's commissions and payouts are seeded. */
const MARKER = 'bench_reads_commissions_seed';
const HOLD_DAYS = 30;
/** Commissions of orders older than this are paid, in monthly payouts per creator and currency. */
const PAID_AFTER_DAYS = 60;

export type CommissionSeed = { commissions: number; payouts: number; seconds: number; toppedUp: boolean };

/**
 * Commissions and payouts on a database whose clicks and orders are seeded already (a top-up: it
 * never re-seeds those, and the clicks/orders marker is left as it is). Every credited order with a
 * creator gets its sale commission (10 % of its net value) as the approval and payout flow would
 * have left it by its age: pending while in its 30-day hold, approved for the next 30 days, paid
 * after 60 in a payout per (creator, currency, month); a refunded order's paid sale gets its
 * clawback (approved, awaiting the next payout). Set-based (INSERT … SELECT in PostgreSQL, foreign
 * keys checked by the data's construction, not per row), once: its marker makes a second run skip it.
 */
export async function seedCommissionsAndPayouts(db: Db, now: number): Promise<CommissionSeed> {
  const marker = await db.raw(`select to_regclass(?) as t`, [MARKER]);
  if (marker.rows[0].t) {
    const row = await db(MARKER).first('commissions', 'payouts', 'seconds');
    return { commissions: Number(row.commissions), payouts: Number(row.payouts), seconds: Number(row.seconds), toppedUp: false };
  }
  const started = performance.now();
  const counts = await db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    const at = { now: new Date(now).toISOString(), hold: `${HOLD_DAYS} days`, paidAfter: `${PAID_AFTER_DAYS} days` };
    // Leftovers of a run that stopped half way (the marker is written last, in this transaction).
    await trx.raw(`delete from commissions where id like 'com_seed_%'`);
    await trx.raw(`delete from payouts where id like 'po_seed_%'`);
    const sales = `select o.id as order_row_id, o.workspace_id, o.creator_id, o.currency, o.value_minor, o.refunded_minor, o.processed_at,
        case when o.processed_at > :now::timestamptz - :hold::interval then 'pending'
             when o.processed_at > :now::timestamptz - :paidAfter::interval then 'approved' else 'paid' end as status,
        'po_seed_' || substr(md5(o.creator_id || '/' || o.currency || '/' || to_char(o.processed_at at time zone 'UTC', 'YYYY-MM')), 1, 20) as payout_id
      from orders o where o.status = 'credited' and o.creator_id is not null`;
    // A paid sale was on the full value; a younger one was recomputed on the net value after its refund.
    const base = `case when s.status = 'paid' then s.value_minor else s.value_minor - s.refunded_minor end`;
    await trx.raw(
      `insert into payouts (id, workspace_id, creator_id, currency, amount_minor, commission_count, status, reference, created_at, paid_at)
       select s.payout_id, s.workspace_id, s.creator_id, s.currency, sum(${base} / 10), count(*), 'paid', 'bench', max(s.processed_at) + :paidAfter::interval,
              max(s.processed_at) + :paidAfter::interval + interval '1 day'
       from (${sales}) s where s.status = 'paid' group by s.payout_id, s.workspace_id, s.creator_id, s.currency having sum(${base} / 10) > 0`,
      at,
    );
    await trx.raw(
      `insert into commissions (id, workspace_id, order_row_id, creator_id, kind, status, currency, amount_minor, base_minor, rule, hold_until, approved_at,
                                payout_id, created_at, updated_at)
       select 'com_seed_' || s.order_row_id, s.workspace_id, s.order_row_id, s.creator_id, 'sale', s.status, s.currency, ${base} / 10, ${base},
              '{"type":"percent","percent":10}'::jsonb, s.processed_at + :hold::interval,
              case when s.status <> 'pending' then s.processed_at + :hold::interval end,
              case when s.status = 'paid' then s.payout_id end, s.processed_at, s.processed_at
       from (${sales}) s`,
      at,
    );
    await trx.raw(
      `insert into commissions (id, workspace_id, order_row_id, creator_id, kind, status, currency, amount_minor, base_minor, rule, approved_at,
                                adjusts_commission_id, created_at, updated_at)
       select 'com_seed_c' || substr(c.id, length('com_seed_') + 1), c.workspace_id, c.order_row_id, c.creator_id, 'clawback', 'approved', c.currency,
              -(o.refunded_minor / 10), o.refunded_minor, c.rule, c.approved_at + interval '1 day', c.id, c.approved_at + interval '1 day', c.approved_at + interval '1 day'
       from commissions c join orders o on o.id = c.order_row_id
       where c.id like 'com_seed_%' and c.kind = 'sale' and c.status = 'paid' and o.refunded_minor > 0`,
    );
    const commissions = Number((await trx('commissions').count({ n: '*' }))[0]?.n);
    const payouts = Number((await trx('payouts').count({ n: '*' }))[0]?.n);
    const seconds = Math.round((performance.now() - started) / 1000);
    await trx.schema.createTable(MARKER, (t) => {
      t.bigInteger('commissions');
      t.bigInteger('payouts');
      t.integer('seconds');
    });
    await trx(MARKER).insert({ commissions, payouts, seconds });
    return { commissions, payouts, seconds };
  });
  await db.raw('vacuum analyze commissions, payouts');
  return { ...counts, toppedUp: true };
}
