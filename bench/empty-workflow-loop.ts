import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type InjectedSinks } from '@temporalio/worker';
import { randomString } from '../core/domain/ids';
import type { LoopSinks } from './empty-workflow/workflows';
import { cpuSecondsOfAll } from './process-stats';

/** How fast the dev server runs one empty workflow per item, and what each costs it and the Node process. */
export type EmptyWorkflowLoopResult = { workflows: number; seconds: number; perSecond: number; temporalCpuMs: number; nodeCpuMs: number };

/** Workflows started and not yet finished at once, like the consumer's in-flight window. */
const IN_FLIGHT = 200;

/**
 * The bare loop the issue measures the pipeline against: on the same dev server, in the same run,
 * a worker and a client in this process start `count` empty workflows (a plain start, eager, no
 * search attributes, no activity) at most IN_FLIGHT at a time; the worker says when each ran.
 * Every order of the pipeline costs at least this much: one workflow start, task and completion.
 */
export async function runEmptyWorkflowLoop(address: string, temporalPids: () => number[], count: number): Promise<EmptyWorkflowLoopResult> {
  const taskQueue = `bench-empty-${randomString(6)}`;
  const connection = await NativeConnection.connect({ address });
  const ran = new Map<string, () => void>();
  const sinks: InjectedSinks<LoopSinks> = { loop: { ran: { fn: (info) => ran.get(info.workflowId)?.() } } };
  const worker = await Worker.create({ connection, taskQueue, workflowsPath: require.resolve('./empty-workflow/workflows'), sinks });
  const client = new Client({ connection });
  const running = worker.run();
  try {
    const temporal0 = cpuSecondsOfAll(temporalPids);
    const node0 = process.cpuUsage();
    const started = Date.now();
    let next = 0;
    const lane = async () => {
      while (next < count) {
        next += 1;
        const workflowId = `empty/${taskQueue}/${next}`;
        const done = new Promise<void>((resolve) => ran.set(workflowId, resolve));
        await client.workflow.start('emptyWorkflow', { taskQueue, workflowId, requestEagerStart: true });
        await done;
        ran.delete(workflowId);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const seconds = (Date.now() - started) / 1000;
    const node = process.cpuUsage(node0);
    return {
      workflows: count,
      seconds,
      perSecond: count / seconds,
      temporalCpuMs: ((cpuSecondsOfAll(temporalPids) - temporal0) * 1000) / count,
      nodeCpuMs: (node.user + node.system) / 1000 / count,
    };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}
