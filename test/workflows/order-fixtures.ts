import type { WorkspaceId } from '../../core/domain/workspace-id';
import type { Config } from '../../core/config';
import type { Db } from '../../core/db';
import { newId, randomString } from '../../core/domain/ids';
import { createProducerConnection, createQueues, type OrderJob, type Queues, type RefundJob } from '../../core/queues';
import { createCoupon } from '../../core/repositories/coupons';
import { createCreator } from '../../core/repositories/creators';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The producer side of the orders queue, as ingest uses it, for jobs with a chosen receivedAt. */
export function openQueues(config: Config): Queues & { disconnect(): Promise<void> } {
  const connection = createProducerConnection(config.redisUrl);
  const queues = createQueues(connection, config.queuePrefix);
  return {
    ...queues,
    async disconnect() {
      await queues.close();
      connection.disconnect();
    },
  };
}

export function orderJob(integrationId: string, origin: string, fields: Partial<OrderJob> & { orderId: string; coupon?: string }): OrderJob {
  const { orderId, coupon, ...rest } = fields;
  return {
    reportId: newId('rpt'),
    integrationId,
    origin,
    order: { orderId, value: 25, currency: 'USD', coupon },
    receivedAt: new Date().toISOString(),
    ...rest,
  };
}

/** A refund of 10 USD as the store's server sends it, for the order; `fields` changes any of it. */
export function refundJob(store: { workspaceId: WorkspaceId; integrationId: string }, orderId: string, fields: Partial<RefundJob> = {}): RefundJob {
  return {
    workspaceId: store.workspaceId,
    integrationId: store.integrationId,
    orderId,
    refundId: `re_${randomString(8)}`,
    value: 10,
    currency: 'USD',
    source: 'server',
    receivedAt: new Date().toISOString(),
    ...fields,
  };
}

export async function enqueueOrder(queues: Queues, job: OrderJob): Promise<void> {
  await queues.orders.add('order', job, { jobId: job.reportId });
}

/** A connected integration written straight to PostgreSQL, for tests that run without ingest and the admin API. */
export async function seedConnectedStore(db: Db, origin: string) {
  const { workspaceId, token } = await newWorkspace(db);
  const integrationId = newId('int');
  await db('integrations').insert({
    id: integrationId,
    workspace_id: workspaceId,
    type: 'custom',
    website_url: origin,
    origin,
    status: 'connected',
    connected_at: db.fn.now(),
  });
  const creator = await createCreator(db, { workspaceId, name: 'Noor' });
  return { workspaceId, integrationId, creatorId: creator.id, origin, token };
}

export async function seedCoupon(db: Db, store: { workspaceId: WorkspaceId; integrationId: string; creatorId: string }, code: string) {
  return createCoupon(db, { workspaceId: store.workspaceId, creatorId: store.creatorId, code, integrationIds: [store.integrationId] });
}

/** A click of the link at a chosen time, as the click consumer would record it. */
export async function insertClick(db: Db, link: { id: string; workspaceId: string }, clickedAt: Date): Promise<string> {
  const id = newId('clk');
  await db('clicks').insert({ id, link_id: link.id, workspace_id: link.workspaceId, clicked_at: clickedAt });
  return id;
}

/** Waits until the report has an outcome, and returns the order's row. */
export async function processedOrder(db: Db, integrationId: string, orderId: string, reportId?: string) {
  return waitFor(async () => {
    if (reportId && !(await db('order_reports').where({ id: reportId }).whereNotNull('outcome').first('id'))) return undefined;
    return db('orders').where({ integration_id: integrationId, order_id: orderId }).first();
  }, `order ${orderId} to be processed`);
}
