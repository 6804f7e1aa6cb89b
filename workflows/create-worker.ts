import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../core/config';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import { createActivities } from './activities';
import { installTemporalRuntimeLogger } from './temporal-runtime-logger';

/** The Temporal worker that runs the order and verification workflows and their activities. */
export async function createTemporalWorker(deps: {
  db: Db;
  temporal: Config['temporal'];
  log: Logger;
  taskQueue?: string;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  installTemporalRuntimeLogger(deps.log);
  const connection = await NativeConnection.connect({ address: deps.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: deps.temporal.namespace,
    taskQueue: deps.taskQueue ?? deps.temporal.taskQueue,
    workflowsPath: require.resolve('./definitions'),
    activities: createActivities({ db: deps.db }),
    maxConcurrentActivityTaskExecutions: 100,
    maxConcurrentWorkflowTaskExecutions: 100,
    shutdownGraceTime: '10 seconds',
  });
  return { worker, connection };
}
