import { Queue } from 'bullmq';
import { expect } from 'chai';
import IORedis from 'ioredis';
import { Registry } from 'prom-client';
import { createProducerConnection, queueNames } from '../../core/queues';
import { randomString } from '../../core/domain/ids';
import { clickIntakeKey } from '../../core/clicks/click-intake';
import { registerQueueDepthMetrics } from '../../workflows/metrics/queue-depth';
import { freePort } from '../support/child-processes';
import { parsePrometheusText } from '../support/prometheus-text';
import { testConfig } from '../support/test-config';

describe('queue depth metrics, read from Redis at scrape time', () => {
  const config = testConfig();
  let redis: IORedis;
  let orders: Queue;
  let pings: Queue;

  before(() => {
    redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1 });
    orders = new Queue(queueNames.orders, { connection: redis, prefix: config.queuePrefix });
    pings = new Queue(queueNames.pings, { connection: redis, prefix: config.queuePrefix });
  });
  after(async () => {
    await orders.obliterate({ force: true });
    await pings.obliterate({ force: true });
    await redis.del(clickIntakeKey(config.queuePrefix));
    await orders.close();
    await pings.close();
    redis.disconnect();
  });

  async function scrape(connection: IORedis) {
    const registry = new Registry();
    const metrics = registerQueueDepthMetrics(registry, { connection, prefix: config.queuePrefix });
    try {
      const started = Date.now();
      const samples = parsePrometheusText(await registry.metrics());
      return { samples, seconds: (Date.now() - started) / 1000 };
    } finally {
      await metrics.close();
    }
  }
  const valueOf = (samples: ReturnType<typeof parsePrometheusText>, name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  it('counts the jobs in each state and gives the age of the oldest waiting job, for queues nobody consumes yet', async () => {
    const ninetySecondsAgo = Date.now() - 90_000;
    await orders.add('report', { reports: [] }, { timestamp: ninetySecondsAgo });
    await orders.add('report', { reports: [] });
    await pings.add('ping', { integrationId: `int_${randomString(6)}` }, { delay: 60_000 });
    await redis.xadd(clickIntakeKey(config.queuePrefix), '*', 'record', 'clk_a lnk_a ws_a 0', 'claimed', '1');
    await redis.xadd(clickIntakeKey(config.queuePrefix), '*', 'record', 'clk_b lnk_a ws_a 0', 'claimed', '0');

    const connection = createProducerConnection(config.redisUrl);
    try {
      const { samples } = await scrape(connection);
      expect(valueOf(samples, 'influtrace_queue_jobs', { queue: 'orders', state: 'waiting' })).to.equal(2);
      expect(valueOf(samples, 'influtrace_queue_jobs', { queue: 'pings', state: 'delayed' })).to.equal(1);
      expect(valueOf(samples, 'influtrace_queue_jobs', { queue: 'clicks', state: 'failed' })).to.equal(0);
      expect(valueOf(samples, 'influtrace_queue_oldest_waiting_age_seconds', { queue: 'orders' }))
        .to.be.at.least(90)
        .and.below(150);
      expect(valueOf(samples, 'influtrace_queue_oldest_waiting_age_seconds', { queue: 'pings' }), 'a delayed job is not waiting').to.equal(0);
      expect(valueOf(samples, 'influtrace_queue_jobs', { queue: 'click-intake', state: 'waiting' }), 'clicks not yet relayed into the clicks queue').to.equal(
        2,
      );
    } finally {
      connection.disconnect();
    }
  });

  it('leaves the queue series out, quickly, while Redis does not answer, rather than failing the whole scrape', async () => {
    const nobody = createProducerConnection(`redis://127.0.0.1:${await freePort()}`);
    nobody.on('error', () => undefined);
    try {
      const { samples, seconds } = await scrape(nobody);
      expect(samples.filter((s) => s.name.startsWith('influtrace_queue_'))).to.deep.equal([]);
      expect(seconds).to.be.below(5);
    } finally {
      nobody.disconnect();
    }
  });
});
