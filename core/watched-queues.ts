import { Queue, type ConnectionOptions } from 'bullmq';
import { queueNames } from './queues';

/**
 * One BullMQ Queue handle for every queue in `queueNames`, for those who look at the queues
 * rather than fill or drain them (the consumer's metrics, the operators' queue dashboard): a
 * queue added to core/queues.ts is watched by both without a change elsewhere.
 */
export function openWatchedQueues(connection: ConnectionOptions, prefix: string): Queue[] {
  return Object.values(queueNames).map((name) => {
    const queue = new Queue(name, { connection, prefix });
    // Redis trouble is logged by the processes that fill and drain the queues, and shows in
    // their /readyz; these handles only look, and a read that fails says so to its caller.
    queue.on('error', () => undefined);
    return queue;
  });
}
