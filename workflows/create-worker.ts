import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../core/config';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import { createActivities, type Activities } from './activities';
import { installTemporalRuntimeLogger } from './temporal-runtime-logger';

/** What a test (or an operator's tooling) may change about a worker; production uses the defaults. */
export type WorkerOptions = {
  taskQueue?: string;
  /** Wraps the real activities, e.g. to slow one down in a test of a worker stopped mid-workflow. */
  wrapActivities?: (activities: Activities) => Activities;
  shutdownGraceTime?: Duration;
};

/** The Temporal worker that runs the order and verification workflows and their activities. */
export async function createTemporalWorker(
  deps: { db: Db; client: Client; temporal: Config['temporal']; confirmationHourSeconds: number; webhooks: Config['webhooks']; log: Logger } & WorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  installTemporalRuntimeLogger(deps.log);
  const connection = await NativeConnection.connect({ address: deps.temporal.address });
  const taskQueue = deps.taskQueue ?? deps.temporal.taskQueue;
  const activities = createActivities({
    db: deps.db,
    client: deps.client,
    confirmationHourSeconds: deps.confirmationHourSeconds,
    taskQueue,
    log: deps.log,
    webhooks: deps.webhooks,
  });
  const worker = await Worker.create({
    connection,
    namespace: deps.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./definitions'),
    activities: deps.wrapActivities ? deps.wrapActivities(activities) : activities,
    maxConcurrentActivityTaskExecutions: 100,
    maxConcurrentWorkflowTaskExecutions: 100,
    shutdownGraceTime: deps.shutdownGraceTime ?? '10 seconds',
  });
  return { worker, connection };
}
