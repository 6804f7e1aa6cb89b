import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { decideOrderChange, type Credit, type OrderDecision, type RecordedOrder, type ReportFacts } from '../domain/order-decision';
import type { OrderOutcome, OrderStatus } from '../domain/rules';
import type { ReportSource } from '../queues';
import { flagAttributionOverridden, type OrderState, type OrderStateChange } from './order-state-change';
import { applyWaitingRefunds, redecideRefunds, type AppliedRefund, type RedecidedRefund } from './refunds';

export type ReportToRecord = {
  workspaceId: WorkspaceId;
  integrationId: string;
  orderId: string;
  source: ReportSource;
  valueMinor: number;
  currency: string;
  couponCode?: string;
  origin: string | null;
  reportedAt: Date;
  decision: OrderDecision;
  requireServerConfirmation: boolean;
  /** When a pending order is skipped as not_confirmed, if this report makes it pending. */
  confirmationDeadline: Date;
};

export type RecordedOutcome = {
  outcome: OrderOutcome;
  /** The order's row id (ord_…) and its status after this report. */
  orderRowId: string;
  status: OrderStatus;
  /** Set while the order is pending: until when its workflow waits for the store's server. */
  awaitingConfirmationUntil: string | null;
  /** This report made the order skipped for the first time (a fact worth an event). */
  firstSkipped: boolean;
  /** Refunds that had arrived before the order and were applied now that it is recorded. */
  refundsApplied: AppliedRefund[];
  /** The order before and after this report, as plain data (for what follows an order, such as commissions). */
  change: OrderStateChange;
};

type OrderRow = {
  id: string;
  workspace_id: WorkspaceId;
  status: OrderStatus;
  value_minor: string;
  refunded_minor: string;
  currency: string;
  reason: string | null;
  confirmed: boolean;
  confirmation_deadline: Date | null;
  creator_id: string | null;
  attributed_by: 'coupon' | 'link' | null;
  link_id: string | null;
  click_id: string | null;
  coupon_id: string | null;
};

function recordedOrder(row: OrderRow): RecordedOrder {
  const credit: Credit | null =
    row.creator_id && row.attributed_by
      ? {
          creatorId: row.creator_id,
          attributedBy: row.attributed_by,
          linkId: row.link_id ?? undefined,
          clickId: row.click_id ?? undefined,
          couponId: row.coupon_id ?? undefined,
        }
      : null;
  return { status: row.status, reason: row.reason, confirmed: row.confirmed, credit };
}

function creditColumns(credit: Credit | null) {
  return {
    creator_id: credit?.creatorId ?? null,
    attributed_by: credit?.attributedBy ?? null,
    link_id: credit?.linkId ?? null,
    click_id: credit?.clickId ?? null,
    coupon_id: credit?.couponId ?? null,
  };
}

/** Orders are never deleted, so an insert that conflicted finds its row; if not, the attempt fails and is retried. */
export class OrderRowMissingError extends Error {
  readonly code = 'order_row_missing';
}

function factsOf(report: ReportToRecord): ReportFacts {
  return { source: report.source, decision: report.decision, requireServerConfirmation: report.requireServerConfirmation };
}

/** The order's first report: inserts its row, unless it exists (then null: the caller decides against it). */
async function recordNewOrder(trx: Knex.Transaction, report: ReportToRecord): Promise<RecordedOutcome | null> {
  const change = decideOrderChange(null, factsOf(report));
  const write = change.write!;
  const deadline = change.awaitConfirmation ? report.confirmationDeadline : null;
  const confirmed = change.confirm ? { confirmed: true, confirmed_at: trx.fn.now() } : {};
  const id = newId('ord');
  const insert = trx('orders')
    .insert({
      id,
      workspace_id: report.workspaceId,
      integration_id: report.integrationId,
      order_id: report.orderId,
      status: write.status,
      reason: write.reason,
      ...creditColumns(write.credit),
      coupon_code: report.couponCode ?? null,
      value_minor: report.valueMinor,
      currency: report.currency,
      origin: report.origin,
      reported_at: report.reportedAt,
      confirmation_deadline: deadline,
      ...confirmed,
    })
    .onConflict(['integration_id', 'order_id'])
    .ignore()
    .returning('id');
  const inserted: { id: string; refunds_waiting: boolean }[] = await trx
    .with('inserted', insert)
    .from('inserted')
    .select(
      'inserted.id',
      trx.raw('exists (select 1 from order_refunds where integration_id = ? and order_id = ? and processed_at is null) as refunds_waiting', [
        report.integrationId,
        report.orderId,
      ]),
    );
  if (!inserted[0]) return null;
  const refundsApplied = inserted[0].refunds_waiting ? await applyWaitingRefunds(trx, report.integrationId, report.orderId) : [];
  const after: OrderState = {
    status: write.status,
    creatorId: write.credit?.creatorId ?? null,
    valueMinor: report.valueMinor,
    refundedMinor: refundsApplied.at(-1)?.refundedMinor ?? 0,
    currency: report.currency,
  };
  return {
    outcome: change.outcome,
    orderRowId: id,
    status: write.status,
    awaitingConfirmationUntil: deadline?.toISOString() ?? null,
    firstSkipped: write.status === 'skipped',
    refundsApplied,
    change: { before: null, after, attributionOverridden: null, refundsRedecided: [] },
  };
}

const stateOf = (row: OrderRow): OrderState => ({
  status: row.status,
  creatorId: row.creator_id,
  valueMinor: Number(row.value_minor),
  refundedMinor: Number(row.refunded_minor),
  currency: row.currency.trim(),
});

/**
 * Writes what one report does to its order (see core/domain/order-decision.ts), in the caller's
 * transaction, with the order's row locked: at most one credit per (integration, order id), the
 * creator changes only when the store's server credits another creator than a pixel report did
 * (flagged), a server report's value and currency replace the pixel's. A refund that arrived before
 * the order is applied when the order is first recorded; when a report changes the order's value
 * or currency, its refunds are decided again against them, so the refunded total never exceeds the
 * value and is always in the order's currency.
 *
 * The first report of an order is the common case, so the row is inserted first (one statement,
 * which also says whether refunds wait for it); only when the row exists already is it locked,
 * read and decided against.
 */
export async function recordReportOutcome(trx: Knex.Transaction, report: ReportToRecord): Promise<RecordedOutcome> {
  const created = await recordNewOrder(trx, report);
  if (created) return created;
  const key = { integration_id: report.integrationId, order_id: report.orderId };
  const row: OrderRow | undefined = await trx('orders').where(key).forUpdate().first();
  if (!row) throw new OrderRowMissingError(`order ${report.orderId} conflicted on insert but has no row`);
  const change = decideOrderChange(recordedOrder(row), factsOf(report));
  const deadline = change.awaitConfirmation ? (change.write ? report.confirmationDeadline : row.confirmation_deadline) : null;
  const before = stateOf(row);
  const write = change.write;
  // A server report's value and currency become the order's; a pixel credit's too, unless the server already confirmed the order's.
  const takesValue = change.confirm || (write !== null && !row.confirmed);
  const after: OrderState = {
    status: write?.status ?? row.status,
    creatorId: write ? (write.credit?.creatorId ?? null) : row.creator_id,
    valueMinor: takesValue ? report.valueMinor : before.valueMinor,
    refundedMinor: before.refundedMinor,
    currency: takesValue ? report.currency : before.currency,
  };

  if (write || change.confirm) {
    const fromThisReport =
      write && !row.confirmed && !change.confirm
        ? { coupon_code: report.couponCode ?? null, origin: report.origin, reported_at: report.reportedAt }
        : change.overrides
          ? { coupon_code: report.couponCode ?? null }
          : {};
    await trx('orders')
      .where({ id: row.id })
      .update({
        ...(write
          ? { status: write.status, reason: write.reason, ...creditColumns(write.credit), processed_at: trx.fn.now(), confirmation_deadline: deadline ?? null }
          : {}),
        ...(takesValue ? { value_minor: after.valueMinor, currency: after.currency } : {}),
        ...fromThisReport,
        ...(change.confirm ? { confirmed: true, confirmed_at: trx.fn.now() } : {}),
      });
  }
  let refundsRedecided: RedecidedRefund[] = [];
  if (after.valueMinor !== before.valueMinor || after.currency !== before.currency) {
    const redecided = await redecideRefunds(trx, { id: row.id, integrationId: report.integrationId, orderId: report.orderId, ...after });
    after.refundedMinor = redecided.refundedMinor;
    refundsRedecided = redecided.changed;
  }
  let attributionOverridden: OrderStateChange['attributionOverridden'] = null;
  if (change.overrides && write?.credit) {
    await flagAttributionOverridden(trx, {
      workspaceId: row.workspace_id,
      integrationId: report.integrationId,
      orderId: report.orderId,
      orderRowId: row.id,
      previous: change.overrides,
      credit: write.credit,
    });
    attributionOverridden = { previousCreatorId: change.overrides.creatorId, creatorId: write.credit.creatorId };
  }
  return {
    outcome: change.outcome,
    orderRowId: row.id,
    status: after.status,
    awaitingConfirmationUntil: after.status === 'pending' ? ((deadline ?? row.confirmation_deadline)?.toISOString() ?? null) : null,
    firstSkipped: false,
    refundsApplied: [],
    change: { before, after, attributionOverridden, refundsRedecided },
  };
}

/** A pending order whose window ran out without the store's server: skipped as not_confirmed (its credit kept for a late confirmation). */
export async function expireUnconfirmedOrder(
  trx: Knex.Transaction | Knex,
  integrationId: string,
  orderId: string,
): Promise<{ id: string; workspaceId: WorkspaceId } | null> {
  const rows: { id: string; workspace_id: WorkspaceId }[] = await trx('orders')
    .where({ integration_id: integrationId, order_id: orderId, status: 'pending' })
    .update({ status: 'skipped', reason: 'not_confirmed', confirmation_deadline: null, processed_at: trx.fn.now() })
    .returning(['id', 'workspace_id']);
  return rows[0] ? { id: rows[0].id, workspaceId: rows[0].workspace_id } : null;
}
