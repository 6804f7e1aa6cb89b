import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions as SdkWorkerOptions } from '@temporalio/worker';
import type { Config } from '../core/config';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import { createActivities, type Activities } from './activities';
import { installTemporalRuntime } from './install-temporal-runtime';
import type { WorkerMetrics } from './metrics/worker-metrics';

/** What a test (or an operator's tooling) may change about a worker; production uses the defaults. */
export type WorkerOptions = {
  taskQueue?: string;
  /** Wraps the real activities, e.g. to slow one down in a test of a worker stopped mid-workflow. */
  wrapActivities?: (activities: Activities) => Activities;
  shutdownGraceTime?: Duration;
};

/** Written by `npm run build` (scripts/build-production.ts) beside the compiled worker. */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/**
 * The compiled build (dist/) loads the workflow bundle made at build time, so a worker starts
 * without bundling; run from source (tsx), the worker bundles workflows/definitions itself.
 */
function workflowCode(): Pick<SdkWorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  const prebuilt = path.join(__dirname, WORKFLOW_BUNDLE_FILE);
  if (existsSync(prebuilt)) return { workflowBundle: { codePath: prebuilt } };
  const { workflowsPath, ...bundlerOptions } = workflowBundleSource();
  return { workflowsPath, bundlerOptions };
}

/** What the workflow bundle is made from, by `npm run build` and by a worker run from source alike. */
export function workflowBundleSource(): { workflowsPath: string; preloadModules: string[] } {
  const workflowsPath = require.resolve('./definitions');
  // Evaluated once per worker thread instead of once per workflow (the reusable V8 context
  // otherwise runs every workflow module again for each order); they hold no mutable state.
  return { workflowsPath, preloadModules: ['@temporalio/common', require.resolve('../core/temporal'), workflowsPath] };
}

/** The Temporal worker that runs the order and verification workflows and their activities. */
export async function createTemporalWorker(
  deps: {
    db: Db;
    client: Client;
    temporal: Config['temporal'];
    confirmationHourSeconds: number;
    commissionDaySeconds?: number;
    webhooks: Config['webhooks'];
    log: Logger;
    metrics?: WorkerMetrics;
  } & WorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  await installTemporalRuntime(deps.log);
  const connection = await NativeConnection.connect({ address: deps.temporal.address });
  const taskQueue = deps.taskQueue ?? deps.temporal.taskQueue;
  const real = createActivities({
    db: deps.db,
    client: deps.client,
    confirmationHourSeconds: deps.confirmationHourSeconds,
    commissionDaySeconds: deps.commissionDaySeconds,
    taskQueue,
    log: deps.log,
    webhooks: deps.webhooks,
    webhookObserver: deps.metrics?.webhookObserver,
  });
  const activities = deps.metrics ? deps.metrics.countOutcomes(real) : real;
  const worker = await Worker.create({
    connection,
    namespace: deps.temporal.namespace,
    taskQueue,
    ...workflowCode(),
    activities: deps.wrapActivities ? deps.wrapActivities(activities) : activities,
    maxConcurrentActivityTaskExecutions: 100,
    maxConcurrentWorkflowTaskExecutions: 100,
    // An order workflow ends in its first workflow task, and a new workflow's task comes on the
    // shared task queue, never on this worker's sticky one. The SDK's default (0.2) keeps 8 of the
    // 10 pollers on the sticky queue and 2 on the shared one, so at 50 orders/s new tasks waited for
    // a free poller (BENCHMARKS.md, "Workflow task pollers"): all 10 poll the shared queue, and the
    // sticky queue keeps the SDK's minimum of one (for an order waiting for its confirmation).
    nonStickyToStickyPollRatio: 1,
    ...(deps.temporal.maxCachedWorkflows === null ? {} : { maxCachedWorkflows: deps.temporal.maxCachedWorkflows }),
    shutdownGraceTime: deps.shutdownGraceTime ?? '10 seconds',
  });
  return { worker, connection };
}
