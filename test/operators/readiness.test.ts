import { expect } from 'chai';
import { createLogger } from '../../core/logger';
import { startConsumer } from '../../workflows/start-consumer';
import { startWorker } from '../../workflows/start-worker';
import { requestJson } from '../support/http';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const log = createLogger({ level: 'silent', name: 'readiness-test' });

async function readiness(url: string) {
  const res = await requestJson(`${url}/readyz`);
  return { status: res.status, checks: res.body.checks };
}

/** A proxy in front of `address` that the test can cut and restore (restoring twice is harmless). */
async function proxyFor(address: string): Promise<TcpProxy> {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  let isCut = false;
  return {
    ...proxy,
    async cut() {
      isCut = true;
      await proxy.cut();
    },
    async restore() {
      if (!isCut) return;
      isCut = false;
      await proxy.restore();
    },
  };
}

/**
 * Ready while what it needs answers; 503 naming the one dependency the proxy cut off; ready
 * again once the proxy is back. Closes the process and the proxy whatever happens.
 */
async function expectReadinessFollows(process: { metricsUrl: string; close(): Promise<void> }, proxy: TcpProxy, checks: { ready: object; cutOff: object }) {
  try {
    await waitFor(async () => (await readiness(process.metricsUrl)).status === 200, 'the process to be ready');
    expect((await readiness(process.metricsUrl)).checks).to.deep.equal(checks.ready);
    await proxy.cut();
    const down = await waitFor(async () => {
      const r = await readiness(process.metricsUrl);
      return r.status === 503 && r;
    }, 'the process to say it is not ready');
    expect(down.checks).to.deep.equal(checks.cutOff);
    await proxy.restore();
    await waitFor(async () => (await readiness(process.metricsUrl)).status === 200, 'the process to be ready again', 60_000);
  } finally {
    await proxy.restore();
    await process.close();
    await proxy.close();
  }
}

describe('/readyz of the worker and the consumer: ready only while what they need answers', function () {
  this.timeout(120_000);

  it('the worker is not ready while Temporal cannot be reached, and ready again once it can', async () => {
    const base = testConfig();
    const proxy = await proxyFor(base.temporal.address);
    const worker = await startWorker({ ...base, temporal: { ...base.temporal, address: `127.0.0.1:${proxy.port}` } }, log, { schedules: false });
    await expectReadinessFollows(worker, proxy, { ready: { temporal: 'ok', postgres: 'ok' }, cutOff: { temporal: 'unavailable', postgres: 'ok' } });
  });

  it('the consumer is not ready while PostgreSQL cannot be reached, and ready again once it can', async () => {
    const base = testConfig();
    const database = new URL(base.databaseUrl);
    const proxy = await proxyFor(`${database.hostname}:${database.port || 5432}`);
    const viaProxy = new URL(base.databaseUrl);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const consumer = await startConsumer({ ...base, databaseUrl: viaProxy.toString() }, log);
    await expectReadinessFollows(consumer, proxy, { ready: { redis: 'ok', postgres: 'ok' }, cutOff: { redis: 'ok', postgres: 'unavailable' } });
  });
});
