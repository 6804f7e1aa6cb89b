import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import type { Db } from '../db';
import { AppError } from '../errors';
import { amountsInMinorUnits } from './commission-rule';
import { COMMISSION_COLUMNS, commissionView, type CommissionRow, type CommissionView } from './commission-view';
import { recordPayoutEvents } from './payout-events';
import { payoutView, type PayoutRow, type PayoutStatus, type PayoutView } from './payout-view';

export type PayoutScope = { workspaceId: WorkspaceId; currency?: string; creatorId?: string };

const PAYOUT_COLUMNS = [
  'p.id',
  'p.creator_id',
  'c.name as creator_name',
  'p.currency',
  'p.amount_minor',
  'p.commission_count',
  'p.status',
  'p.reference',
  'p.created_at',
  'p.paid_at',
];

async function minimumPayoutMinor(trx: Knex.Transaction | Db, workspaceId: WorkspaceId): Promise<Record<string, number>> {
  const row: { minimum_payout: Record<string, number> } | undefined = await trx('workspaces').where({ id: workspaceId }).first('minimum_payout');
  return amountsInMinorUnits(row?.minimum_payout ?? {});
}

/**
 * The approved commissions not yet in a payout, grouped per (creator, currency), with whether each
 * group is paid out now (decidePayout, in SQL). Each group carries the id its payout will have, so
 * a run assigns commissions by (creator, currency) instead of looking each one up again.
 */
function eligibleGroupsSql(scope: PayoutScope, lock: boolean): { sql: string; bindings: string[] } {
  const { sql: scopeSql, bindings: scopeBindings } = scopeFilterSql(scope, '');
  const sql = `locked as (
      select creator_id, currency, amount_minor from commissions
      where workspace_id = ? and status = 'approved' and payout_id is null ${scopeSql}
      ${lock ? 'for update' : ''}
    ), groups as (
      select 'po_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 20) as id, creator_id, currency, sum(amount_minor) as amount, count(*)::int as n
      from locked group by creator_id, currency
      having sum(amount_minor) > 0 and sum(amount_minor) >= coalesce((?::jsonb ->> trim(currency))::bigint, 0)
    )`;
  return { sql, bindings: [scope.workspaceId, ...scopeBindings] };
}

/** The run's optional currency and creator filters, on a table of this alias prefix ('' or 'c.'). */
function scopeFilterSql(scope: PayoutScope, prefix: string): { sql: string; bindings: string[] } {
  const filters: string[] = [];
  const bindings: string[] = [];
  if (scope.currency) {
    filters.push(`and ${prefix}currency = ?`);
    bindings.push(scope.currency);
  }
  if (scope.creatorId) {
    filters.push(`and ${prefix}creator_id = ?`);
    bindings.push(scope.creatorId);
  }
  return { sql: filters.join(' '), bindings };
}

/** What a run would pay now, without writing anything (the dashboard's preview). */
export type PayoutPreview = Pick<PayoutView, 'creatorId' | 'creatorName' | 'currency' | 'amount' | 'commissionCount'>;

export async function previewPayouts(db: Db, scope: PayoutScope): Promise<PayoutPreview[]> {
  const minimum = await minimumPayoutMinor(db, scope.workspaceId);
  const eligible = eligibleGroupsSql(scope, false);
  const result = await db.raw(
    `with ${eligible.sql}
     select g.creator_id, cr.name as creator_name, g.currency, g.amount as amount_minor, g.n as commission_count
     from groups g join creators cr on cr.id = g.creator_id order by cr.name, g.currency`,
    [...eligible.bindings, JSON.stringify(minimum)],
  );
  return (result.rows as PayoutRow[]).map((row) => {
    const { creatorId, creatorName, currency, amount, commissionCount } = payoutView({ ...row, created_at: new Date(0) });
    return { creatorId, creatorName, currency, amount, commissionCount };
  });
}

/**
 * A payout run, in ONE statement of one transaction: the approved commissions not yet in a payout
 * are locked, grouped per (creator, currency), and each group whose sum is > 0 and reaches the
 * workspace's minimum becomes a pending payout holding them. The commissions are assigned by one
 * set-based UPDATE that finds each one's payout id by key (no per-commission index lookup, no sort
 * spilling to disk, no join a stale plan could make quadratic); its cost is the row versions and
 * their index entries, which no run can avoid. A second run at the same time waits
 * for the first's locks and then finds those commissions taken (their payout_id is re-checked), so
 * no commission is in two payouts; a run killed half way commits nothing. The payout.created
 * events are written in the same transaction.
 */
export async function runPayouts(db: Db, scope: PayoutScope): Promise<{ payouts: PayoutView[]; eventIds: string[] }> {
  return db.transaction(async (trx) => {
    const minimum = await minimumPayoutMinor(trx, scope.workspaceId);
    const eligible = eligibleGroupsSql(scope, true);
    const assignedScope = scopeFilterSql(scope, 'c.');
    const result = await trx.raw(
      `with ${eligible.sql}, created as (
         insert into payouts (id, workspace_id, creator_id, currency, amount_minor, commission_count)
         select id, ?, creator_id, currency, amount, n from groups
         returning *
       ), payout_of as materialized (
         -- One row (materialized: made once): (creator, currency) → payout id. The UPDATE below looks each commission up in it
         -- (a jsonb key lookup) instead of joining to the groups, so no plan can loop over the groups
         -- for each commission, whatever the statistics say (right after a big approval batch they
         -- say one row, and a nested loop of 100,000 × 1,000 took minutes).
         select jsonb_object_agg(creator_id || '/' || trim(currency), id) as ids from groups
       ), assigned as (
         -- The rows locked above, found again by the same filter: a row another run took meanwhile was
         -- skipped by the lock's re-check and is skipped here by the same re-check (payout_id is null).
         update commissions c set payout_id = p.ids ->> (c.creator_id || '/' || trim(c.currency)), updated_at = now()
         from payout_of p
         where c.workspace_id = ? and c.status = 'approved' and c.payout_id is null ${assignedScope.sql}
           and p.ids ->> (c.creator_id || '/' || trim(c.currency)) is not null
         returning 1
       )
       select created.id, created.creator_id, cr.name as creator_name, created.currency, created.amount_minor, created.commission_count,
              created.status, created.reference, created.created_at, created.paid_at, (select count(*) from assigned) as assigned
       from created join creators cr on cr.id = created.creator_id order by cr.name, created.currency`,
      [...eligible.bindings, JSON.stringify(minimum), scope.workspaceId, scope.workspaceId, ...assignedScope.bindings],
    );
    const rows = result.rows as (PayoutRow & { assigned: string })[];
    const counted = rows.reduce((sum, row) => sum + Number(row.commission_count), 0);
    // The payouts' counts and the commissions assigned come from the same locked rows; if they ever differ, nothing is written.
    if (rows.length > 0 && Number(rows[0]!.assigned) !== counted)
      throw new AppError('conflict', 'The commissions changed during the payout run: nothing was paid out; run it again.', {
        assigned: Number(rows[0]!.assigned),
        counted,
      });
    const payouts = rows.map(payoutView);
    const eventIds = await recordPayoutEvents(trx, scope.workspaceId, 'payout.created', payouts);
    return { payouts, eventIds };
  });
}

export type PayoutFilter = { workspaceId: WorkspaceId; status?: PayoutStatus; creatorId?: string };

export async function listPayouts(db: Db, filter: PayoutFilter, page?: { limit: number; offset: number }): Promise<PayoutView[]> {
  const query = db('payouts as p')
    .join('creators as c', 'c.id', 'p.creator_id')
    .where('p.workspace_id', filter.workspaceId)
    .orderBy([
      { column: 'p.created_at', order: 'desc' },
      { column: 'p.id', order: 'desc' },
    ])
    .select(PAYOUT_COLUMNS);
  if (filter.status) query.where('p.status', filter.status);
  if (filter.creatorId) query.where('p.creator_id', filter.creatorId);
  if (page) query.limit(page.limit).offset(page.offset);
  return ((await query) as PayoutRow[]).map(payoutView);
}

async function findPayoutRow(trx: Knex.Transaction | Db, workspaceId: WorkspaceId, payoutId: string, lock = false): Promise<PayoutView> {
  const query = trx('payouts as p')
    .join('creators as c', 'c.id', 'p.creator_id')
    .where({ 'p.workspace_id': workspaceId, 'p.id': payoutId })
    .first(PAYOUT_COLUMNS);
  if (lock) query.forUpdate('p');
  const row: PayoutRow | undefined = await query;
  if (!row) throw new AppError('not_found', 'No payout with that id in this workspace.');
  return payoutView(row);
}

export async function findPayout(db: Db, workspaceId: WorkspaceId, payoutId: string): Promise<PayoutView & { commissions: CommissionView[] }> {
  const payout = await findPayoutRow(db, workspaceId, payoutId);
  // A canceled payout's commissions were freed (payout_id null): it lists none.
  const rows: CommissionRow[] = await db('commissions')
    .where({ workspace_id: workspaceId, payout_id: payoutId })
    .orderBy('created_at')
    .select(COMMISSION_COLUMNS);
  return { ...payout, commissions: rows.map(commissionView) };
}

/** Marks a pending payout paid (its commissions paid); a paid one again is answered as it is; a canceled one → 409. */
export async function markPayoutPaid(
  db: Db,
  input: { workspaceId: WorkspaceId; payoutId: string; reference?: string },
): Promise<{ payout: PayoutView; eventIds: string[] }> {
  return db.transaction(async (trx) => {
    const payout = await findPayoutRow(trx, input.workspaceId, input.payoutId, true);
    if (payout.status === 'canceled') throw new AppError('conflict', 'This payout was canceled: it cannot be paid.', { status: payout.status });
    if (payout.status === 'paid') return { payout, eventIds: [] };
    await trx('payouts')
      .where({ id: payout.id })
      .update({ status: 'paid', paid_at: trx.fn.now(), reference: input.reference ?? null });
    await trx('commissions').where({ payout_id: payout.id }).update({ status: 'paid', updated_at: trx.fn.now() });
    const paid = await findPayoutRow(trx, input.workspaceId, input.payoutId);
    return { payout: paid, eventIds: await recordPayoutEvents(trx, input.workspaceId, 'payout.paid', [paid]) };
  });
}

/** Cancels a pending payout: its commissions are approved again and free for the next run; a paid one → 409. */
export async function cancelPayout(db: Db, input: { workspaceId: WorkspaceId; payoutId: string }): Promise<PayoutView> {
  return db.transaction(async (trx) => {
    const payout = await findPayoutRow(trx, input.workspaceId, input.payoutId, true);
    if (payout.status === 'paid') throw new AppError('conflict', 'This payout was paid: it cannot be canceled.', { status: payout.status });
    if (payout.status === 'canceled') return payout;
    await trx('payouts').where({ id: payout.id }).update({ status: 'canceled', canceled_at: trx.fn.now() });
    await trx('commissions').where({ payout_id: payout.id }).update({ payout_id: null, updated_at: trx.fn.now() });
    return findPayoutRow(trx, input.workspaceId, input.payoutId);
  });
}
