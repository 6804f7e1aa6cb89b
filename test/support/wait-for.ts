import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Queue } from 'bullmq';

/** Polls until `probe` returns a value that is not undefined/null/false, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Job states that still have work to do: a queue with none of them has handled everything added to it. */
export const UNFINISHED_JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/** True once the queue holds no job that is waiting, running, delayed or waiting for children. */
export async function isQueueDrained(queue: Queue): Promise<boolean> {
  const counts = await queue.getJobCounts(...UNFINISHED_JOB_STATES);
  return Object.values(counts).every((n) => n === 0);
}

/** Waits until every job added to the queue so far has been handled (completed or failed). */
export function waitForQueueDrained(queue: Queue, timeoutMs = 30_000): Promise<true> {
  return waitFor(() => isQueueDrained(queue), `the ${queue.name} queue to drain`, timeoutMs);
}

/**
 * Waits until the latest run of a workflow id has closed. A workflow that handles its signals
 * one by one and then returns has, once closed, handled every signal delivered before: what it
 * has not done by then it will not do (a signal sent later starts a new run, which this would see).
 * A workflow not started yet is waited for too.
 */
export async function waitForWorkflowClosed(client: Client, workflowId: string, timeoutMs = 30_000): Promise<string> {
  return waitFor(
    async () => {
      const status = await workflowStatus(client, workflowId);
      return status !== null && status !== 'RUNNING' && status;
    },
    `workflow ${workflowId} to close`,
    timeoutMs,
  );
}

/** The status of a workflow id's latest run (RUNNING, COMPLETED, FAILED…), or null when none was ever started. */
export async function workflowStatus(client: Client, workflowId: string): Promise<string | null> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}
