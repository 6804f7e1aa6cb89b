import { Context } from '@temporalio/activity';
import { expect } from 'chai';
import type { Client } from '@temporalio/client';
import { randomString } from '../../core/domain/ids';
import { connectTemporalClient } from '../../core/temporal-client';
import { orderWorkflowId } from '../../core/temporal';
import { startWorker } from '../../workflows/start-worker';
import type { ReportResult } from '../../workflows/definitions/process-order';
import { sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { waitFor } from '../support/wait-for';
import { seedCoupon, seedConnectedStore } from './order-fixtures';

describe('an order workflow whose activity fails mid-way', function () {
  let p: Pipeline;
  let temporal: { client: Client; close(): Promise<void> };

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    temporal = await connectTemporalClient(p.config.temporal);
  });
  after(async () => {
    await temporal?.close();
    await p?.stop();
  });

  // A worker process killed outright (SIGKILL) mid-workflow is in test/reliability/; this is the
  // same moment inside one process: the credit is written, then the activity never answers.
  describe('when the report activity fails after the credit was written', () => {
    it('is retried, finds the credit already written, and the order is credited once', async function () {
      this.timeout(120_000);
      const origin = 'https://restart.example.com';
      const store = await seedConnectedStore(p.db, origin);
      const code = `RESTART${randomString(4)}`;
      await seedCoupon(p.db, store, code);
      const orderId = `RESTART-${randomString(10)}`;

      const attempts: number[] = [];
      const worker = await startWorker(p.config, p.log, {
        wrapActivities: (activities) => ({
          ...activities,
          async processOrderReport(input) {
            const { attempt } = Context.current().info;
            attempts.push(attempt);
            const result = await activities.processOrderReport(input);
            if (attempt === 1) throw new Error('the worker lost its answer after writing the credit');
            return result;
          },
        }),
      });
      try {
        const accepted = await sendBeacon(p.ingestUrl, origin, {
          id: store.integrationId,
          type: 'order',
          order: { orderId, value: 30, currency: 'USD', coupon: code },
        });
        expect(accepted.status).to.equal(202);
        const results: ReportResult[] = await waitFor(
          async () => {
            try {
              return await temporal.client.workflow.getHandle(orderWorkflowId(store.integrationId, orderId)).result();
            } catch {
              return undefined; // not started yet
            }
          },
          'the order workflow',
          60_000,
        );
        // The retry found the report already recorded: credited, not a duplicate of itself.
        expect(results.map((r) => r.outcome)).to.deep.equal(['credited']);
        expect(attempts).to.deep.equal([1, 2]);
      } finally {
        await worker.close();
      }
      const orders = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId });
      expect(orders).to.have.length(1);
      expect(orders[0]).to.include({ status: 'credited', creator_id: store.creatorId, attributed_by: 'coupon' });
      const reports = await p.db('order_reports').where({ integration_id: store.integrationId, order_id: orderId }).select('outcome');
      expect(reports).to.deep.equal([{ outcome: 'credited' }]);
    });
  });
});
