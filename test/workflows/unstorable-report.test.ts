import { expect } from 'chai';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { startConsumer } from '../../workflows/start-consumer';
import { startWorker } from '../../workflows/start-worker';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { openQueues, orderJob, processedOrder, seedConnectedStore, seedCoupon } from './order-fixtures';

// Ingest refuses such text (core/domain/beacon.ts); this is the consumer's second line, for
// whatever the edge may miss: one report PostgreSQL refuses must not hold back its batch.
describe('an orders queue job holding a report PostgreSQL refuses', function () {
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

  it('credits the other reports of the job and fails the job naming the refused one', async function () {
    this.timeout(120_000);
    const store = await seedConnectedStore(db, 'https://poison.example.com');
    const code = `POISON${randomString(4)}`;
    await seedCoupon(db, store, code);
    const good = [1, 2].map((n) => orderJob(store.integrationId, store.origin, { orderId: `GOOD-${n}-${randomString(6)}`, coupon: code }));
    // A lone surrogate: no UTF-8 form, so the report's jsonb payload cannot be stored.
    const poisoned = orderJob(store.integrationId, store.origin, { orderId: `BAD-\ud800-${randomString(6)}`, coupon: code });
    const job = await queues.orders.add('orders', { reports: [good[0]!, poisoned, good[1]!] }, { attempts: 2, backoff: { type: 'fixed', delay: 100 } });

    const worker = await startWorker(config, log, { schedules: false });
    const consumer = await startConsumer(config, log);
    try {
      for (const report of good) {
        const order = await processedOrder(db, store.integrationId, report.order.orderId, report.reportId);
        expect(order).to.include({ status: 'credited', creator_id: store.creatorId });
      }
      const failed = await waitFor(
        async () => {
          const current = await queues.orders.getJob(String(job.id));
          return (await current?.getState()) === 'failed' ? current : undefined;
        },
        'the job to fail for good',
        60_000,
      );
      expect(failed?.failedReason).to.include(poisoned.reportId).and.not.include(good[0]!.reportId);
      expect(await db('order_reports').where({ id: poisoned.reportId }).first()).to.equal(undefined);
      // The retry signalled nothing twice: one report row and one order per good report.
      expect(
        await db('order_reports')
          .whereIn(
            'id',
            good.map((r) => r.reportId),
          )
          .pluck('outcome'),
      ).to.deep.equal(['credited', 'credited']);
    } finally {
      await consumer.close();
      await worker.close();
    }
  });
});
