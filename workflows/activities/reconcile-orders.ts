import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import { toMinorUnits } from '../../core/domain/money';
import type { Logger } from '../../core/logger';
import type { OrderJob } from '../../core/queues';
import { redrivableOrderJobOf } from '../../core/domain/stored-order-job';
import { markReportProcessed } from '../../core/repositories/orders';
import {
  countStuckReportsAcrossWorkspaces,
  findReportsOfCreditedOrdersAcrossWorkspaces,
  findStuckReportsAcrossWorkspaces,
  flagCrossIntegrationDuplicates,
  insertOrderFlags,
  type OrderFlag,
} from '../../core/repositories/reconciliation';
import { signalOrderRefund, signalOrderReport } from '../../core/order-workflow-signals';
import { findStuckRefundsAcrossWorkspaces } from '../../core/repositories/refunds';

export type BatchInput = { cutoff: string; afterId?: string; limit: number };
export type BatchResult = { count: number; lastId?: string };
/** `count` is every row read (the caller pages on it); `invalid` those set aside as unreadable. */
export type RedriveResult = BatchResult & { invalid: number };

/** The stable code logged, and the reason recorded, for a stuck report whose stored payload cannot be re-driven. */
export const INVALID_STORED_REPORT = 'invalid_stored_report';

/**
 * The reconciliation activities. Each is idempotent: re-driving signals the order's workflow,
 * which returns the recorded outcome of a report already processed; flags are ON CONFLICT DO NOTHING.
 */
export function createReconcileActivities(deps: { db: Db; client: Client; log: Logger }) {
  /** Signal-with-start of each stuck report's order workflow, on this worker's task queue. */
  // A report whose payload cannot be re-driven is marked skipped (so it is stuck no more) and
  // logged with INVALID_STORED_REPORT; the others in the batch are re-driven all the same.
  async function redriveStuckReports(input: BatchInput): Promise<RedriveResult> {
    const reports = await findStuckReportsAcrossWorkspaces(deps.db, { receivedBefore: new Date(input.cutoff), afterId: input.afterId, limit: input.limit });
    const taskQueue = Context.current().info.taskQueue;
    let invalid = 0;
    for (const report of reports) {
      const job = redrivableOrderJobOf(report.id, report.payload);
      if (job) {
        await signalOrderReport(deps.client, taskQueue, job);
      } else {
        invalid += 1;
        await markReportProcessed(deps.db, report.id, 'skipped', INVALID_STORED_REPORT);
        deps.log.error({ code: INVALID_STORED_REPORT, reportId: report.id }, 'stuck order report has an invalid stored payload: marked skipped, not re-driven');
      }
      Context.current().heartbeat(report.id);
    }
    return { count: reports.length, lastId: reports.at(-1)?.id, invalid };
  }

  /** Refunds stored but never signalled: handed to their order's workflow now (it applies a refund once). */
  async function redriveStuckRefunds(input: BatchInput): Promise<BatchResult> {
    const refunds = await findStuckRefundsAcrossWorkspaces(deps.db, { receivedBefore: new Date(input.cutoff), afterId: input.afterId, limit: input.limit });
    const taskQueue = Context.current().info.taskQueue;
    for (const { rowId, ...refund } of refunds) {
      await signalOrderRefund(deps.client, taskQueue, refund);
      Context.current().heartbeat(rowId);
    }
    return { count: refunds.length, lastId: refunds.at(-1)?.rowId };
  }

  async function flagCrossIntegrationOrders(input: { since: string }): Promise<number> {
    return flagCrossIntegrationDuplicates(deps.db, new Date(input.since));
  }

  /** Reports of credited orders whose value or currency differ from the credited row. */
  async function flagChangedRepeats(input: { since: string; afterId?: string; limit: number }): Promise<BatchResult & { flagsAdded: number }> {
    const reports = await findReportsOfCreditedOrdersAcrossWorkspaces(deps.db, { since: new Date(input.since), afterId: input.afterId, limit: input.limit });
    const flags: OrderFlag[] = [];
    for (const r of reports) {
      const order = (r.payload as Partial<OrderJob>).order;
      if (!order || typeof order.value !== 'number' || typeof order.currency !== 'string') continue;
      const currency = order.currency.toUpperCase();
      let valueMinor: number;
      try {
        valueMinor = toMinorUnits(order.value, currency);
      } catch {
        continue; // not a currency Intl knows: it could not have been credited either
      }
      if (currency === r.creditedCurrency.toUpperCase() && valueMinor === r.creditedValueMinor) continue;
      if (flags.some((f) => f.integrationId === r.integrationId && f.orderId === r.orderId)) continue;
      flags.push({
        workspaceId: r.workspaceId,
        kind: 'changed_repeat',
        integrationId: r.integrationId,
        orderId: r.orderId,
        details: { reportId: r.reportId, reported: { valueMinor, currency }, credited: { valueMinor: r.creditedValueMinor, currency: r.creditedCurrency } },
      });
    }
    const flagsAdded = await insertOrderFlags(deps.db, flags);
    return { count: reports.length, lastId: reports.at(-1)?.reportId, flagsAdded };
  }

  async function countUnaccountedReports(input: { cutoff: string }): Promise<number> {
    return countStuckReportsAcrossWorkspaces(deps.db, new Date(input.cutoff));
  }

  return { redriveStuckReports, redriveStuckRefunds, flagCrossIntegrationOrders, flagChangedRepeats, countUnaccountedReports };
}
