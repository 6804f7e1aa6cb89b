import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';

/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW */
const WORKFLOW_TASK_QUEUE = 1;

/**
 * Ready means Temporal answers and lists this very worker (by its identity) among the pollers
 * of its task queue: a worker that runs but cannot reach Temporal, or polls another namespace
 * or queue, is not ready.
 */
export function checkTaskQueuePolled(deps: { client: Client; worker: Worker; namespace: string; taskQueue: string }): () => Promise<void> {
  return async () => {
    if (deps.worker.getState() !== 'RUNNING') throw new Error(`worker is ${deps.worker.getState()}`);
    const { pollers } = await deps.client.withDeadline(Date.now() + 2_000, () =>
      deps.client.workflowService.describeTaskQueue({
        namespace: deps.namespace,
        taskQueue: { name: deps.taskQueue },
        taskQueueType: WORKFLOW_TASK_QUEUE,
      }),
    );
    if (!pollers?.some((p) => p.identity === deps.worker.options.identity)) throw new Error('task queue not polled by this worker yet');
  };
}
