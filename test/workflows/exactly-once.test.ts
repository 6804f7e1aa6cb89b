import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, type ConnectedStore } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { DAY_MS, enqueueOrder, openQueues, orderJob, processedOrder, seedCoupon } from './order-fixtures';

describe('an order reported over and over', function () {
  let p: Pipeline;
  let store: ConnectedStore;
  let queues: ReturnType<typeof openQueues>;
  const origin = 'https://storm.example.com';

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    queues = openQueues(p.config);
    store = await connectStore(p, origin);
  });
  after(async () => {
    await queues?.disconnect();
    await p?.stop();
  });

  describe('when 50 reports arrive at once and the same order comes again days later', () => {
    it('credits it once, and every other report is a duplicate that changes no total', async function () {
      this.timeout(120_000);
      const workspaceId = (await p.db('integrations').where({ id: store.integrationId }).first('workspace_id')).workspace_id;
      const code = `STORM${randomString(4)}`;
      await seedCoupon(p.db, { workspaceId, integrationId: store.integrationId, creatorId: store.creatorId }, code);
      const orderId = `STORM-${randomString(10)}`;
      const beacon = { id: store.integrationId, type: 'order', url: `${origin}/thanks`, order: { orderId, value: 12.5, currency: 'GBP', coupon: code } };

      const answers = await Promise.all(Array.from({ length: 50 }, () => sendBeacon(p.ingestUrl, origin, beacon)));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(50).fill(202));
      const reports = await waitFor(
        async () => {
          const rows = await p.db('order_reports').where({ integration_id: store.integrationId, order_id: orderId }).whereNotNull('outcome').select('outcome');
          return rows.length === 50 ? rows : undefined;
        },
        'all 50 reports to be processed',
        90_000,
      );
      expect(reports.filter((r) => r.outcome === 'credited')).to.have.length(1);
      expect(reports.filter((r) => r.outcome === 'duplicate')).to.have.length(49);
      const credited = await processedOrder(p.db, store.integrationId, orderId);
      expect(credited).to.include({ status: 'credited', creator_id: store.creatorId, currency: 'GBP' });

      // Days later, after the workflow has closed: a second beacon of the same order (the
      // workflow-id reuse policy allows a new run; PostgreSQL's unique row decides).
      const later = orderJob(store.integrationId, origin, { orderId, coupon: code, receivedAt: new Date(Date.now() + 3 * DAY_MS).toISOString() });
      later.order = { ...beacon.order };
      await enqueueOrder(queues, later);
      const repeat = await waitFor(
        () => p.db('order_reports').where({ id: later.reportId }).whereNotNull('outcome').first('outcome', 'reason'),
        'the later report',
      );
      expect(repeat).to.deep.equal({ outcome: 'duplicate', reason: 'duplicate' });

      const orders = await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId });
      expect(orders).to.have.length(1);
      expect(orders[0]).to.include({ id: credited.id, value_minor: credited.value_minor });
      expect(orders[0].processed_at.getTime()).to.equal(credited.processed_at.getTime());
      const totals = await p.db('orders').where({ creator_id: store.creatorId, status: 'credited' }).count({ n: '*' }).sum({ minor: 'value_minor' }).first();
      expect({ n: Number(totals?.n), minor: Number(totals?.minor) }).to.deep.equal({ n: 1, minor: 1250 });
    });
  });
});
