import type { Client } from '@temporalio/client';
import { expect } from 'chai';
import { connectTemporalClient } from '../../core/temporal-client';
import { webhookDeliveryWorkflowId } from '../../core/temporal';
import { startWorker, type RunningWorker } from '../../workflows/start-worker';
import { adminClient } from '../admin-api/api-client';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { scrapeMetrics } from '../support/prometheus-text';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { startReceiver, type Answer, type Receiver } from '../webhooks/receiver';

/** Retries a second apart and a 1-second HTTP timeout, so the test waits seconds, not minutes. */
const shortDelivery = { retryDelaysSeconds: [1, 1, 1], attemptTimeoutMs: 1_000, disableAfterFailingSeconds: 3_600 };

describe('webhook delivery metrics on the worker (WORKER_METRICS_PORT)', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let worker: RunningWorker;
  let temporal: { client: Client; close(): Promise<void> };
  let api: ReturnType<typeof adminClient>;
  const receivers: Receiver[] = [];

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false, config: { webhooks: { ...testConfig().webhooks, delivery: shortDelivery } } });
    // A worker of the test's own, whose metrics count only this file's deliveries.
    worker = await startWorker(p.config, p.log);
    temporal = await connectTemporalClient(p.config.temporal);
    api = adminClient(p.adminUrl);
  });
  after(async function () {
    this.timeout(60_000);
    for (const r of receivers) await r.close();
    await temporal?.close();
    await worker?.close();
    await p?.stop();
  });

  /** A test event to a new endpoint on a receiver of the test's own, delivered to its end. */
  async function deliverTestEvent(answer: (n: number) => Answer): Promise<{ outcome: string; attempts: number }> {
    const r = await startReceiver(answer);
    receivers.push(r);
    const { token } = await newWorkspace(p.db);
    const created = await api(token).post('/api/v1/webhooks', { url: r.url, events: ['webhook.test'] });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const sent = await api(token).post(`/api/v1/webhooks/${created.body.id}/test`);
    expect(sent.status, JSON.stringify(sent.body)).to.equal(202);
    return temporal.client.workflow.getHandle(webhookDeliveryWorkflowId(created.body.id, sent.body.eventId)).result();
  }

  it('exports every attempt outcome at 0 before any delivery, and an empty duration histogram', async () => {
    const scrape = await scrapeMetrics(worker.metricsUrl);
    for (const outcome of ['succeeded', 'failed', 'gone', 'disabled', 'url_refused']) {
      expect(scrape.value('influtrace_webhook_delivery_attempts_total', { outcome }), outcome).to.equal(0);
    }
    expect(scrape.value('influtrace_webhook_delivery_duration_seconds_count')).to.equal(0);
  });

  it('counts a receiver’s 500 then 200 as one failed and one succeeded attempt, and a 410 as gone, with each POST’s duration', async () => {
    expect(await deliverTestEvent((n) => ({ status: n === 0 ? 500 : 200 }))).to.deep.equal({ outcome: 'succeeded', attempts: 2 });
    expect(await deliverTestEvent(() => ({ status: 410 }))).to.deep.equal({ outcome: 'gone', attempts: 1 });

    const scrape = await scrapeMetrics(worker.metricsUrl);
    const attempts = (outcome: string) => scrape.value('influtrace_webhook_delivery_attempts_total', { outcome });
    expect({
      succeeded: attempts('succeeded'),
      failed: attempts('failed'),
      gone: attempts('gone'),
      disabled: attempts('disabled'),
      url_refused: attempts('url_refused'),
    }).to.deep.equal({
      succeeded: 1,
      failed: 1,
      gone: 1,
      disabled: 0,
      url_refused: 0,
    });
    const count = scrape.value('influtrace_webhook_delivery_duration_seconds_count')!;
    const sum = scrape.value('influtrace_webhook_delivery_duration_seconds_sum')!;
    expect(count).to.equal(3);
    // A receiver on 127.0.0.1 answers at once: well within the 1-second attempt timeout each.
    expect(sum).to.be.at.least(0).and.lessThan(3);
    expect(scrape.value('influtrace_webhook_delivery_duration_seconds_bucket', { le: '1' })).to.equal(3);
    expect(scrape.value('influtrace_webhook_delivery_duration_seconds_bucket', { le: '+Inf' })).to.equal(3);
  });

  it('has no label that grows with endpoints, events or URLs', async () => {
    const scrape = await scrapeMetrics(worker.metricsUrl);
    const labels = new Set(scrape.samples.filter((s) => s.name.startsWith('influtrace_webhook_')).flatMap((s) => Object.keys(s.labels)));
    expect([...labels].sort()).to.deep.equal(['le', 'outcome']);
  });
});
