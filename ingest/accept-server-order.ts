import { newId } from '../core/domain/ids';
import type { ServerOrder } from '../core/domain/server-reports';
import type { QueueWriter } from './queue-writer';
import type { ServerCaller } from './authenticate-server-key';

/**
 * Queues an order the store's server reported, batched with the pixel's reports of the same
 * moment. The integration is the key's: a key never reaches another integration's orders. There
 * is no Origin (null); the workflow applies the pixel's verify gate and attribution rules.
 * Resolves once the report is in Redis.
 */
export async function acceptServerOrder(
  enqueueOrder: QueueWriter['enqueueOrder'],
  caller: ServerCaller,
  order: ServerOrder,
  receivedAt: Date,
): Promise<{ reportId: string }> {
  const reportId = newId('rpt');
  const { attribution, occurredAt, ...fields } = order;
  await enqueueOrder({
    reportId,
    integrationId: caller.integrationId,
    source: 'server',
    origin: null,
    order: fields,
    ...(attribution ? { attribution } : {}),
    receivedAt: receivedAt.toISOString(),
    ...(occurredAt ? { occurredAt } : {}),
  });
  return { reportId };
}
