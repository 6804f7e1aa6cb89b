import type { Client } from '@temporalio/client';
import { expect } from 'chai';
import { connectTemporalClient } from '../../core/temporal-client';
import { webhookDeliveryWorkflowId } from '../../core/temporal';
import { adminClient } from '../admin-api/api-client';
import { serviceEnv, startChildService, type ChildService } from '../support/child-processes';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { startReceiver, type Answer, type Receiver } from './receiver';
import { waitForRetryTimer } from './retry-timer';

// The worker is a real OS process, killed with SIGKILL (no shutdown hook runs); the admin API that
// dispatches (and so picks the retry schedule) runs in this process.
describe('a webhook delivery whose Temporal worker is killed', function () {
  this.timeout(240_000);
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let temporal: { client: Client; close(): Promise<void> };
  const workers: ChildService[] = [];
  const receivers: Receiver[] = [];

  before(async function () {
    this.timeout(240_000);
    p = await startPipeline({
      worker: false,
      config: { webhooks: { ...testConfig().webhooks, delivery: { retryDelaysSeconds: [6, 1], attemptTimeoutMs: 4_000, disableAfterFailingSeconds: 3_600 } } },
    });
    api = adminClient(p.adminUrl);
    temporal = await connectTemporalClient(p.config.temporal);
    await startWorkerProcess();
  });
  after(async () => {
    for (const w of workers) await w.stop();
    for (const r of receivers) await r.close();
    await temporal?.close();
    await p?.stop();
  });

  /** Each test kills the worker that is running and starts the next one (the next test's). */
  const startWorkerProcess = async () => {
    const worker = await startChildService('workflows/worker.ts', serviceEnv(p.config), 150_000);
    workers.push(worker);
    return worker;
  };
  const runningWorker = () => workers[workers.length - 1]!;

  async function hookTo(answer: (n: number) => Answer) {
    const receiver = await startReceiver(answer);
    receivers.push(receiver);
    const { token } = await newWorkspace(p.db);
    const created = await api(token).post('/api/v1/webhooks', { url: receiver.url, events: ['webhook.test'] });
    const tested = await api(token).post(`/api/v1/webhooks/${created.body.id}/test`);
    expect(tested.status).to.equal(202);
    return { receiver, token, endpointId: created.body.id as string, eventId: tested.body.eventId as string };
  }

  /** One JSON line per run, like the tests in test/reliability/: down (kill → new worker ready), redelivered (kill → the receiver's next request). */
  const report = (fault: string, killedAt: number, restartedAt: number, redeliveredAt: number) =>
    console.log(JSON.stringify({ fault, downMs: restartedAt - killedAt, redeliveredAfterMs: redeliveredAt - killedAt }));

  const attempts = async (endpointId: string) =>
    (await p.db('webhook_deliveries').where({ endpoint_id: endpointId }).orderBy('attempt')).map((d) => [d.attempt, d.status]);

  describe('while it waits on the durable timer before a retry', () => {
    it('retries on the new worker when the timer fires: no event lost, one success, one webhook-id', async () => {
      const first = runningWorker();
      const { receiver, endpointId, eventId } = await hookTo((n) => ({ status: n === 0 ? 503 : 200 }));
      await waitForRetryTimer(temporal.client, endpointId, eventId);

      const killedAt = Date.now();
      await first.kill();
      await startWorkerProcess();
      const restartedAt = Date.now();
      const result = await temporal.client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId, eventId)).result();
      report('worker killed during the retry timer', killedAt, restartedAt, receiver.received[1]!.receivedAt);

      expect(result).to.deep.equal({ outcome: 'succeeded', attempts: 2 });
      expect(await attempts(endpointId)).to.deep.equal([
        [1, 'failed'],
        [2, 'succeeded'],
      ]);
      expect(receiver.received.map((d) => d.headers['webhook-id'])).to.deep.equal([eventId, eventId]);
    });
  });

  describe('in the middle of an HTTP attempt', () => {
    it('repeats that attempt on the new worker (at least once, the same webhook-id) and records it as one attempt', async () => {
      const first = runningWorker();
      // The first request is held until the worker is dead; the repeat is answered at once.
      const { receiver, endpointId, eventId } = await hookTo((n) => (n === 0 ? { status: 200, delayMs: 3_500 } : { status: 200 }));
      await waitFor(async () => receiver.received.length === 1, 'the first request to arrive', 60_000);

      const killedAt = Date.now();
      await first.kill();
      await startWorkerProcess();
      const restartedAt = Date.now();
      const result = await temporal.client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId, eventId)).result();
      report('worker killed mid-request', killedAt, restartedAt, receiver.received[1]!.receivedAt);

      expect(result.outcome).to.equal('succeeded');
      expect(receiver.received.map((d) => d.headers['webhook-id'])).to.deep.equal([eventId, eventId]);
      expect(await attempts(endpointId)).to.deep.equal([[1, 'succeeded']]);
    });
  });
});
