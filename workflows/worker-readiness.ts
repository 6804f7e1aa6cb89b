import { Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';

/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW */
const WORKFLOW_TASK_QUEUE = 1;

/**
 * Ready means Temporal answers and lists this very worker (by its identity) among the pollers
 * of its task queue: a worker that runs but cannot reach Temporal, or polls another namespace
 * or queue, is not ready. The probe has a connection of its own without the SDK's retries
 * (no interceptors): one question, one answer within 2 s, nothing left retrying afterwards.
 */
export function createTaskQueueProbe(options: { address: string; worker: Worker; namespace: string; taskQueue: string }) {
  const connection = Connection.lazy({ address: options.address, connectTimeout: '2 seconds', interceptors: [] });
  return {
    async check(): Promise<void> {
      if (options.worker.getState() !== 'RUNNING') throw new Error(`worker is ${options.worker.getState()}`);
      const { pollers } = await connection.withDeadline(Date.now() + 2_000, () =>
        connection.workflowService.describeTaskQueue({
          namespace: options.namespace,
          taskQueue: { name: options.taskQueue },
          taskQueueType: WORKFLOW_TASK_QUEUE,
        }),
      );
      if (!pollers?.some((p) => p.identity === options.worker.options.identity)) throw new Error('task queue not polled by this worker yet');
    },
    close: () => connection.close(),
  };
}
