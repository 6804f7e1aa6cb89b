import { expect } from 'chai';
import { createLogger } from '../../core/logger';
import { startConsumer } from '../../workflows/start-consumer';
import { startTcpProxy } from '../support/tcp-proxy';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const log = createLogger({ level: 'silent', name: 'consumer-close-test' });

describe('the queue consumer closing', function () {
  this.timeout(60_000);

  describe('when Redis was cut off before it closes', () => {
    it('still closes, within its bound, instead of waiting for Redis forever', async () => {
      const base = testConfig();
      const redis = new URL(base.redisUrl);
      const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
      const viaProxy = new URL(base.redisUrl);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      const consumer = await startConsumer({ ...base, redisUrl: viaProxy.toString() }, log);
      try {
        await waitFor(async () => (await fetch(`${consumer.metricsUrl}/readyz`)).status === 200, 'the consumer to be ready');
        await proxy.cut();
        await waitFor(async () => (await fetch(`${consumer.metricsUrl}/readyz`)).status === 503, 'the consumer to see Redis gone');
        const closed = await Promise.race([
          consumer.close().then(() => 'closed'),
          new Promise((resolve) => setTimeout(() => resolve('still closing after 30 s'), 30_000).unref()),
        ]);
        expect(closed).to.equal('closed');
      } finally {
        await proxy.close();
      }
    });
  });
});
