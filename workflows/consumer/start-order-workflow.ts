import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import type { OrderJob } from '../../core/queues';
import { findProcessedReportIds, orderReportOf, recordOrderReports } from '../../core/repositories/orders';
import type { InFlightWindow } from './in-flight-window';
import { signalOrderReport } from '../../core/order-workflow-signals';

/** Reports signalled at once per queue job: enough to overlap the round trips, few enough to be gentle. */
const SIGNALS_IN_PARALLEL = 32;

/** A job's reports that could not be stored although others of the same job could: what PostgreSQL refused in them. */
export class UnstorableReportsError extends Error {
  readonly code = 'unstorable_reports';
  constructor(
    readonly reportIds: string[],
    cause: unknown,
  ) {
    super(`${reportIds.length} order report(s) could not be stored: ${reportIds.join(', ')}`, { cause });
  }
}

/**
 * Stores a job's reports in one insert. If PostgreSQL refuses it, each report is stored on its
 * own, so that one report the edge should have refused does not hold back the others; when none
 * can be stored (PostgreSQL is away), the original error stands and the whole job is retried.
 */
async function storeReports(db: Db, reports: OrderJob[]): Promise<{ stored: OrderJob[]; unstorable: OrderJob[]; cause?: unknown }> {
  try {
    await recordOrderReports(db, reports.map(orderReportOf));
    return { stored: reports, unstorable: [] };
  } catch (err) {
    if (reports.length === 1) throw err;
    const results = await Promise.allSettled(reports.map((job) => recordOrderReports(db, [orderReportOf(job)])));
    const stored = reports.filter((_, i) => results[i]?.status === 'fulfilled');
    if (stored.length === 0) throw err;
    return { stored, unstorable: reports.filter((_, i) => results[i]?.status === 'rejected'), cause: err };
  }
}

/**
 * Handles one orders queue job (see core/queues.ts reportsOf): records its reports (append-only,
 * idempotent on the report id), then signal-with-starts each order's workflow. When the job is a
 * retry, reports whose outcome is already recorded are not signalled again; a report signalled
 * twice is still harmless, the workflow finds its recorded outcome. Reports PostgreSQL refuses
 * fail the job after the others went through: BullMQ retries it, then keeps it among the failed
 * jobs with their ids, and the log says which.
 */
export function createStartOrderWorkflows(deps: { db: Db; client: Client; taskQueue: string; inFlight: InFlightWindow; eagerStart?: boolean }) {
  return async function startOrderWorkflows(reports: OrderJob[], options: { isRetry: boolean }): Promise<void> {
    const { stored, unstorable, cause } = await storeReports(deps.db, reports);
    const processed = options.isRetry
      ? await findProcessedReportIds(
          deps.db,
          stored.map((r) => r.reportId),
        )
      : new Set<string>();
    const toSignal = stored.filter((r) => !processed.has(r.reportId));
    const failures: unknown[] = [];
    for (let i = 0; i < toSignal.length; i += SIGNALS_IN_PARALLEL) {
      const chunk = toSignal.slice(i, i + SIGNALS_IN_PARALLEL);
      await deps.inFlight.waitForRoom(chunk.length);
      const results = await Promise.allSettled(chunk.map((job) => signalOrderReport(deps.client, deps.taskQueue, job, { eagerStart: deps.eagerStart })));
      deps.inFlight.add(chunk.filter((_, k) => results[k]?.status === 'fulfilled'));
      for (const r of results) if (r.status === 'rejected') failures.push(r.reason);
    }
    if (unstorable.length)
      throw new UnstorableReportsError(
        unstorable.map((r) => r.reportId),
        cause,
      );
    // Every report is tried before the job fails, so one bad moment does not hold back the rest.
    if (failures.length) throw new AggregateError(failures, `${failures.length} of ${toSignal.length} order workflows could not be signalled`);
  };
}
