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

describe('a Temporal worker stopped in the middle of an order workflow', function () {
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

  describe('when the worker stops after the credit was written but before the activity answered', () => {
    it('finishes on a restarted worker and the order is still credited once', async function () {
      this.timeout(120_000);
      const origin = 'https://restart.example.com';
      const store = await seedConnectedStore(p.db, origin);
      const code = `RESTART${randomString(4)}`;
      await seedCoupon(p.db, store, code);
      const orderId = `RESTART-${randomString(10)}`;

      let recorded!: () => void;
      const creditWritten = new Promise<void>((resolve) => (recorded = resolve));
      const first = await startWorker(p.config, p.log, {
        shutdownGraceTime: '500 milliseconds',
        wrapActivities: (activities) => ({
          ...activities,
          // Writes the credit, then hangs as if the process were stuck, until the worker stops.
          async recordOrder(input) {
            await activities.recordOrder(input);
            recorded();
            await Context.current().cancelled;
            throw new Error('unreachable');
          },
        }),
      });
      const accepted = await sendBeacon(p.ingestUrl, origin, {
        id: store.integrationId,
        type: 'order',
        order: { orderId, value: 30, currency: 'USD', coupon: code },
      });
      expect(accepted.status).to.equal(202);
      await creditWritten;
      await first.close();

      const attempts: number[] = [];
      const second = await startWorker(p.config, p.log, {
        wrapActivities: (activities) => ({
          ...activities,
          async recordOrder(input) {
            attempts.push(Context.current().info.attempt);
            return activities.recordOrder(input);
          },
        }),
      });
      try {
        const results: ReportResult[] = await temporal.client.workflow.getHandle(orderWorkflowId(store.integrationId, orderId)).result();
        expect(results.map((r) => r.outcome)).to.deep.equal(['credited']);
        expect(attempts).to.have.length(1);
        expect(attempts[0]).to.be.greaterThan(1);
      } finally {
        await second.close();
      }
      const orders = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId });
      expect(orders).to.have.length(1);
      expect(orders[0]).to.include({ status: 'credited', creator_id: store.creatorId, attributed_by: 'coupon' });
      const reports = await waitFor(
        () => p.db('order_reports').where({ integration_id: store.integrationId, order_id: orderId }).select('outcome'),
        'the report',
      );
      expect(reports).to.deep.equal([{ outcome: 'credited' }]);
    });
  });
});
