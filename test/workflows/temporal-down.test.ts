import { expect } from 'chai';
import net from 'node:net';
import type { Job } from 'bullmq';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import type { OrdersQueueJob } from '../../core/queues';
import { connectTemporalClient } from '../../core/temporal-client';
import { orderWorkflowId } from '../../core/temporal';
import { startConsumer } from '../../workflows/start-consumer';
import { startWorker } from '../../workflows/start-worker';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { enqueueOrder, openQueues, orderJob, processedOrder, seedConnectedStore, seedCoupon } from './order-fixtures';

/** A port on which nothing listens: Temporal "down". */
async function deadAddress(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

describe('the order queue consumer while Temporal is down', function () {
  let config: Config;
  let db: Db;
  let queues: ReturnType<typeof openQueues>;
  const log = createLogger({ level: 'silent', name: 'test' });

  before(async () => {
    config = testConfig();
    db = createDb(config.databaseUrl, { min: 0, max: 4 });
    queues = openQueues(config);
  });
  after(async () => {
    await queues?.disconnect();
    await db?.destroy();
  });

  describe('when an order is queued and no Temporal server answers', () => {
    it('retries the job with backoff, drops nothing, and starts the order once Temporal is reachable', async function () {
      this.timeout(120_000);
      const store = await seedConnectedStore(db, 'https://down.example.com');
      const code = `DOWN${randomString(4)}`;
      await seedCoupon(db, store, code);
      const job = orderJob(store.integrationId, store.origin, { orderId: `DOWN-${randomString(10)}`, coupon: code });

      const down = await startConsumer({ ...config, temporal: { ...config.temporal, address: await deadAddress() } }, log);
      let retried: Job<OrdersQueueJob>;
      try {
        await enqueueOrder(queues, job);
        retried = await waitFor(
          async () => {
            const found = await queues.orders.getJob(job.reportId);
            return found && found.attemptsMade > 0 ? found : undefined;
          },
          'the job to have failed an attempt',
          60_000,
        );
      } finally {
        await down.close();
      }
      expect(await retried.getState()).to.be.oneOf(['delayed', 'waiting', 'prioritized']);
      expect(retried.opts.attempts).to.be.greaterThan(retried.attemptsMade);
      expect(retried.failedReason).to.be.a('string').and.not.equal('');
      // The report is recorded before Temporal is called, so even now it is not lost.
      expect(await db('order_reports').where({ id: job.reportId }).first('outcome')).to.deep.equal({ outcome: null });

      const worker = await startWorker(config, log);
      const up = await startConsumer(config, log);
      const temporal = await connectTemporalClient(config.temporal);
      try {
        const order = await processedOrder(db, store.integrationId, job.order.orderId, job.reportId);
        expect(order).to.include({ status: 'credited', attributed_by: 'coupon', creator_id: store.creatorId });
        const completed = await waitFor(
          async () => ((await (await queues.orders.getJob(job.reportId))?.getState()) === 'completed' ? true : undefined),
          'the job to complete',
        );
        expect(completed).to.equal(true);
        const workflowId = orderWorkflowId(store.integrationId, job.order.orderId);
        const runs = await waitFor(async () => {
          const { count } = await temporal.client.workflow.count(`WorkflowId = "${workflowId}"`);
          return count > 0 ? count : undefined;
        }, 'the workflow to be visible');
        expect(runs).to.equal(1);
      } finally {
        await temporal.close();
        await up.close();
        await worker.close();
      }
      expect(await db('orders').where({ integration_id: store.integrationId, order_id: job.order.orderId })).to.have.length(1);
    });
  });
});
