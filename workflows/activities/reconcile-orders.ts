import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import { toMinorUnits } from '../../core/domain/money';
import type { OrderJob } from '../../core/queues';
import {
  countStuckReports,
  findReportsOfCreditedOrders,
  findStuckReports,
  flagCrossIntegrationDuplicates,
  insertOrderFlags,
  type OrderFlag,
} from '../../core/repositories/reconciliation';
import { signalOrderRefund, signalOrderReport } from '../../core/order-workflow-signals';
import { findStuckRefunds } from '../../core/repositories/refunds';

export type BatchInput = { cutoff: string; afterId?: string; limit: number };
export type BatchResult = { count: number; lastId?: string };

/**
 * The reconciliation activities. Each is idempotent: re-driving signals the order's workflow,
 * which returns the recorded outcome of a report already processed; flags are ON CONFLICT DO NOTHING.
 */
export function createReconcileActivities(deps: { db: Db; client: Client }) {
  /** Signal-with-start of each stuck report's order workflow, on this worker's task queue. */
  async function redriveStuckReports(input: BatchInput): Promise<BatchResult> {
    const reports = await findStuckReports(deps.db, { receivedBefore: new Date(input.cutoff), afterId: input.afterId, limit: input.limit });
    const taskQueue = Context.current().info.taskQueue;
    for (const report of reports) {
      await signalOrderReport(deps.client, taskQueue, report.payload as OrderJob);
      Context.current().heartbeat(report.id);
    }
    return { count: reports.length, lastId: reports.at(-1)?.id };
  }

  /** Refunds stored but never signalled: handed to their order's workflow now (it applies a refund once). */
  async function redriveStuckRefunds(input: BatchInput): Promise<BatchResult> {
    const refunds = await findStuckRefunds(deps.db, { receivedBefore: new Date(input.cutoff), afterId: input.afterId, limit: input.limit });
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
    const reports = await findReportsOfCreditedOrders(deps.db, { since: new Date(input.since), afterId: input.afterId, limit: input.limit });
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
    return countStuckReports(deps.db, new Date(input.cutoff));
  }

  return { redriveStuckReports, redriveStuckRefunds, flagCrossIntegrationOrders, flagChangedRepeats, countUnaccountedReports };
}
