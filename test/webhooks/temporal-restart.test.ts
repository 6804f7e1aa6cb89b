import { expect } from 'chai';
import { connectTemporalClient } from '../../core/temporal-client';
import { webhookDeliveryWorkflowId } from '../../core/temporal';
import { adminClient } from '../admin-api/api-client';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { startOwnTemporal, type OwnTemporal } from '../support/temporal-server';
import { testConfig } from '../support/test-config';
import { startReceiver, type Receiver } from './receiver';
import { waitForRetryTimer } from './retry-timer';

describe('a webhook delivery while the Temporal server is killed (SIGKILL) and restarted', function () {
  this.timeout(240_000);
  let temporal: OwnTemporal;
  let p: Pipeline;
  let receiver: Receiver;

  before(async function () {
    this.timeout(240_000);
    // A server of this test's own (its own SQLite file or PostgreSQL databases): the shared one serves every other test.
    temporal = await startOwnTemporal();
    const base = testConfig();
    p = await startPipeline({
      config: {
        temporal: { ...base.temporal, address: temporal.address },
        webhooks: { ...base.webhooks, delivery: { retryDelaysSeconds: [8, 1], attemptTimeoutMs: 2_000, disableAfterFailingSeconds: 3_600 } },
      },
    });
    receiver = await startReceiver((n) => ({ status: n === 0 ? 500 : 200 }));
  });
  after(async function () {
    this.timeout(60_000);
    await receiver?.close();
    await p?.stop();
    await temporal?.destroy();
  });

  it('keeps the retry timer across the restart and delivers the event once more, with the same webhook-id', async () => {
    const { token } = await newWorkspace(p.db);
    const api = adminClient(p.adminUrl);
    const hook = await api(token).post('/api/v1/webhooks', { url: receiver.url, events: ['webhook.test'] });
    const { eventId } = (await api(token).post(`/api/v1/webhooks/${hook.body.id}/test`)).body;
    // Killed once the workflow sleeps: attempt 1 failed and its durable timer is in the history.
    const watcher = await connectTemporalClient(p.config.temporal);
    await waitForRetryTimer(watcher.client, hook.body.id, eventId).finally(() => watcher.close());

    const killedAt = Date.now();
    await temporal.kill();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await temporal.start();
    const restartedAt = Date.now();

    const client = await connectTemporalClient(p.config.temporal);
    try {
      const result = await client.client.workflow.getHandle(webhookDeliveryWorkflowId(hook.body.id, eventId)).result();
      expect(result).to.deep.equal({ outcome: 'succeeded', attempts: 2 });
    } finally {
      await client.close();
    }
    console.log(
      JSON.stringify({
        fault: 'Temporal killed during the retry timer',
        downMs: restartedAt - killedAt,
        redeliveredAfterMs: receiver.received[1]!.receivedAt - killedAt,
      }),
    );
    expect(receiver.received.map((d) => d.headers['webhook-id'])).to.deep.equal([eventId, eventId]);
    const rows = await p.db('webhook_deliveries').where({ endpoint_id: hook.body.id }).orderBy('attempt');
    expect(rows.map((d) => [d.attempt, d.status])).to.deep.equal([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
  });
});
