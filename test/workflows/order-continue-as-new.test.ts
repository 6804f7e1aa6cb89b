import type { Client } from '@temporalio/client';
import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import type { OrderJob } from '../../core/queues';
import { connectTemporalClient } from '../../core/temporal-client';
import { orderWorkflowId } from '../../core/temporal';
import { SIGNALS_PER_RUN, type ReportResult } from '../../workflows/definitions/process-order';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { waitFor } from '../support/wait-for';
import { enqueueOrder, openQueues, orderJob, seedConnectedStore, seedCoupon } from './order-fixtures';

/**
 * An order waiting for its store's confirmation while the pixel reports it again and again, one
 * report at a time (never a backlog of signals): each run stops at SIGNALS_PER_RUN signals and
 * continues as new with the wait, so no run's history or results grow without bound.
 */
describe('an order workflow that waits while reports trickle in', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let queues: ReturnType<typeof openQueues>;
  let temporal: { client: Client; close(): Promise<void> };
  const origin = 'https://trickle.example.com';

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ config: { confirmationHourSeconds: 1 } });
    queues = openQueues(p.config);
    temporal = await connectTemporalClient(p.config.temporal);
  });
  after(async () => {
    await temporal?.close();
    await queues?.disconnect();
    await p?.stop();
  });

  it('continues as new after SIGNALS_PER_RUN reports, keeps waiting in the next run, and credits on the confirmation', async () => {
    const store = await seedConnectedStore(p.db, origin);
    await p.db('integrations').where({ id: store.integrationId }).update({ require_server_confirmation: true, confirmation_window_hours: 600 });
    const code = `TRICKLE${randomString(5)}`;
    await seedCoupon(p.db, store, code);
    const orderId = `TRICKLE-${randomString(8)}`;
    const handle = temporal.client.workflow.getHandle(orderWorkflowId(store.integrationId, orderId));

    // One at a time: each report's outcome is recorded before the next is sent.
    let first = '';
    for (let i = 0; i < SIGNALS_PER_RUN; i += 1) {
      const job = orderJob(store.integrationId, origin, { orderId, coupon: code });
      await enqueueOrder(queues, job);
      await waitFor(async () => (await p.db('order_reports').where({ id: job.reportId }).whereNotNull('outcome').first('id')) !== undefined, `report ${i + 1}`);
      if (i === 0) first = (await handle.describe()).runId;
    }
    const firstRun = await waitFor(async () => {
      const d = await temporal.client.workflow.getHandle(handle.workflowId, first).describe();
      return d.status.name === 'RUNNING' ? undefined : d;
    }, 'the first run to close');
    expect(firstRun.status.name).to.equal('CONTINUED_AS_NEW');
    const next = await handle.describe();
    expect(next.runId).to.not.equal(first);
    expect(next.status.name).to.equal('RUNNING');
    expect(await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).first('status')).to.deep.equal({ status: 'pending' });

    const server: OrderJob = { ...orderJob(store.integrationId, origin, { orderId }), source: 'server', origin: null };
    await enqueueOrder(queues, server);
    const results = (await handle.result()) as ReportResult[];
    expect(results.map((r) => r.outcome)).to.deep.equal(['credited']);
    expect(await p.db('orders').where({ integration_id: store.integrationId, order_id: orderId }).first('status', 'confirmed')).to.deep.equal({
      status: 'credited',
      confirmed: true,
    });
  });
});
